"""The `[search]` table: what it accepts, and one line naming the key for everything it refuses (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cnnlab.errors import CnnlabError
from cnnlab.experiments.spec import parse_spec

HEAD = 'name = "s"\n[base]\nmodel = "lenet"\nepochs = 3\nsubset = 100\n'


def search(body: str, head: str = HEAD) -> str:
    return head + "[search]\n" + body


def test_a_search_table_parses_into_typed_dimensions() -> None:
    text = search('trials = 6\nrungs = [1, 2]\n[search.space]\nlr = { low = 1e-4, high = 0.1, log = true }\n'
                  'batch_size = { low = 16, high = 128 }\nactivation = ["relu", "tanh"]\n')
    spec = parse_spec(text)
    s = spec.search
    assert s is not None
    kinds = {d.name: (d.kind, d.log) for d in s.space}
    assert kinds == {"lr": ("float", True), "batch_size": ("int", False), "activation": ("choice", False)}
    assert (s.trials, s.sampler, s.pruner, s.rungs, s.metric, s.round) == (6, "tpe", "asha", (1, 2),
                                                                           "val_accuracy", 2)
    assert spec.expand()[0].label == "base"  # the grid is the base alone: the trials come from the study


def test_a_sweep_beside_the_search_joins_the_space_as_choices() -> None:
    text = HEAD + '[sweep]\ndropout = [0.0, 0.25]\n' + '[search]\n[search.space]\nlr = { low = 0.001, high = 0.1 }\n'
    spec = parse_spec(text)
    assert spec.search is not None
    assert [(d.name, d.kind, d.choices) for d in spec.search.space] == [("lr", "float", ()),
                                                                        ("dropout", "choice", (0.0, 0.25))]
    assert spec.sweep == {}


def test_changing_the_space_changes_the_spec_hash() -> None:
    a = parse_spec(search('[search.space]\nlr = { low = 0.001, high = 0.1 }\n'))
    b = parse_spec(search('[search.space]\nlr = { low = 0.001, high = 0.2 }\n'))
    assert a.spec_hash != b.spec_hash


LR = '[search.space]\nlr = { low = 0.01, high = 0.1 }\n'


@pytest.mark.parametrize("body, message", [
    ('[search.space]\nlr = { low = 0.1, high = 0.1 }\n', "[search] space lr: the range is empty"),
    ('[search.space]\nlr = { low = 0.0, high = 0.1, log = true }\n',
     "[search] space lr low: 0.0 is invalid (a log range needs low > 0)"),
    ('[search.space]\nlearning_rate = { low = 0.01, high = 0.1 }\n',
     "[search] space learning_rate: unknown setting (settings: model,"),
    ('rungs = [1, 3]\n' + LR,
     "[search] rungs: 3 is invalid (a rung must come before the last epoch: [base] epochs = 3)"),
    ('sampler = "grid"\n' + LR, "[search] sampler: 'grid' is invalid (choices: random, tpe)"),
    ('pruner = "hyperband"\n' + LR, "[search] pruner: 'hyperband' is invalid (choices: asha, median, none)"),
    ('[search.space]\nbatch_size = []\n', "[search] space batch_size: the list of choices is empty"),
    ('[search.space]\nbatch_size = { low = 16.5, high = 64 }\n', "batch_size takes whole numbers"),
    ('[search.space]\ndropout = { low = 0.0, high = 1.5 }\n', "[search] space dropout: 1.5 is invalid (must be < 1)"),
    ('[search.space]\nlr = { low = 0.01, hi = 0.1 }\n',
     "[search] space lr hi: unknown key (keys: low, high, log, step)"),
    ('[search.space]\nseed = [1, 2]\n', "[search] space seed: not searchable"),
    ('trails = 3\n' + LR, "[search] trails: unknown key (keys: trials,"),
    ('trials = 0\n' + LR, "[search] trials: 0 is invalid (must be an integer >= 1"),
    ('metric = "test_accuracy"\n' + LR,
     "[search] metric: 'test_accuracy' is invalid (choices: val_accuracy, val_loss)"),
    ('pruner = "none"\nrungs = [1]\n' + LR, "[search] rungs: pruner \"none\" prunes nothing"),
    ('trials = 3\n', "[search] space: nothing to search"),
])
def test_bad_search_tables_are_one_line_naming_the_key(body: str, message: str) -> None:
    with pytest.raises(CnnlabError) as e:
        parse_spec(search(body), "s.toml")
    assert str(e.value).startswith("s.toml: ")
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_a_search_needs_a_validation_split() -> None:
    with pytest.raises(CnnlabError, match=r"\[search\] metric: val_accuracy needs a validation set"):
        parse_spec(search('[search.space]\nlr = { low = 0.01, high = 0.1 }\n', HEAD + "val_split = 0\n"))


def test_cnnlab_run_refuses_a_bad_search_with_exit_2_before_training(tmp_path: Path,
                                                                    cli: Callable[..., tuple[int, str, str]]) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text(search('[search.space]\nlr = { low = -1.0, high = 0.1, log = true }\n'))
    code, out, err = cli("run", spec, "--store", tmp_path / "runs")
    assert code == 2
    assert "s.toml: [search] space lr low: -1.0 is invalid (a log range needs low > 0)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "runs").exists()  # nothing was made, let alone trained
