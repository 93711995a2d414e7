"""The one skeleton with its three step functions: phases, augmentation wiring, one-cycle graphs, timings."""

from __future__ import annotations

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.events import EpochRecord, Phase, RunEnd, StepRecord
from cnnlab.training import loop, stacked
from cnnlab.training.graphed import replay_length
from cnnlab.training.loop import Trainer
from cnnlab.training.session import dataset_for, train_run
from cnnlab.training.stacked import StackedTrainer

CPU = torch.device("cpu")
SMALL = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"


def _config(**kw) -> TrainConfig:
    base = dict(model=SMALL, subset=300, epochs=2, batch_size=32, log_every=3, device="cpu", precision="fp32")
    return TrainConfig(**{**base, **kw})


def _trainer(c: TrainConfig, **kw) -> Trainer:
    return Trainer(c, prepare(dataset_for(c), c, CPU), **kw)


def _same(a: list, b: list) -> None:
    assert [type(e) for e in a] == [type(e) for e in b]
    for x, y in zip(a, b, strict=True):
        if isinstance(x, StepRecord):
            assert (x.step, x.loss, x.accuracy, x.lr, x.grad_norms) == (y.step, y.loss, y.accuracy, y.lr, y.grad_norms)
        elif isinstance(x, EpochRecord):
            assert (x.train_loss, x.val_loss, x.test_loss, x.lr) == (y.train_loss, y.val_loss, y.test_loss, y.lr)


def test_phases_come_before_loading_and_before_each_evaluation():
    seen: list = []
    train_run(_config(), on_event=seen.append)
    assert seen[0] == Phase("loading data")
    kinds = [(type(e).__name__, getattr(e, "epoch", None)) for e in seen if not isinstance(e, StepRecord)]
    assert kinds == [("Phase", None), ("Watch", 0), ("Phase", 1), ("EpochRecord", 1), ("Phase", 2), ("EpochRecord", 2),
                     ("RunEnd", None)]


def test_replays_never_span_a_log_point_or_the_last_full_batch():
    assert replay_length(0, 20, 0, 10, 5) == 5
    assert replay_length(0, 20, 7, 10, 5) == 1  # 3 steps to the log point: one at a time
    assert replay_length(18, 20, 0, 10, 5) == 1  # 2 full batches left
    assert replay_length(5, 20, 5, 10, 5) == 5


def test_one_cycle_is_graphed_and_gives_the_plain_loops_events():
    """One-cycle changes the rate every step: graphed one step a replay, the schedule between replays."""
    c = _config(schedule="onecycle", lr=0.01)
    plain = list(_trainer(c).run())
    t = _trainer(c, emulate_graphs=True)
    graphed = list(t.run())
    assert t.steps.replayer.k == 1 and set(t.steps.replayer.replays) == {1}
    _same(plain, graphed)
    lrs = [e.lr for e in plain if isinstance(e, StepRecord)]
    assert len(set(lrs)) == len(lrs)  # a new rate at every logged step


def _noise_augmenter(calls: list):
    def make(config, device):  # noqa: ANN001, ANN202
        def augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
            calls.append((tuple(x.shape), gen))
            return x + 0.5 * torch.randn(x.shape, generator=gen, device=x.device)

        return augment

    return make


def test_augmentation_runs_on_training_batches_from_its_own_generator_and_resumes_exactly(monkeypatch, tmp_path):
    calls: list = []
    monkeypatch.setattr(loop, "make_augmenter", _noise_augmenter(calls))
    c = _config(epochs=3)
    t = _trainer(c)
    whole = list(t.run())
    steps = t.steps_per_epoch * 3
    assert len(calls) == steps and all(g is t.augment_rng for _, g in calls)  # training batches only
    assert t.augment_rng is not t.batch_order
    plain = list(_trainer(c, emulate_graphs=True).run())  # graphed: augmented outside the graph, same draws
    _same(whole, plain)
    monkeypatch.setattr(loop, "make_augmenter", lambda config, device: None)
    unaugmented = list(_trainer(c).run())
    assert [e.loss for e in unaugmented if isinstance(e, StepRecord)] != [e.loss for e in whole
                                                                          if isinstance(e, StepRecord)]
    # resume from disk after epoch 1: the augmentation generator continues where it was
    monkeypatch.setattr(loop, "make_augmenter", _noise_augmenter([]))
    out = tmp_path / "run"

    def stop_at_the_second_epoch(event) -> None:  # noqa: ANN001 (epoch 1's state is saved by then)
        if isinstance(event, EpochRecord) and event.epoch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train_run(c, out, stop_at_the_second_epoch)
    resumed = train_run(c, out)
    whole_steps = [e for e in whole if isinstance(e, StepRecord)]
    assert [(s.step, s.loss) for s in resumed.steps] == [(s.step, s.loss) for s in whole_steps]


def test_stacked_runs_augment_with_their_own_generators_and_report_their_own_time(monkeypatch):
    calls: list = []
    monkeypatch.setattr(stacked, "make_augmenter", _noise_augmenter(calls))
    configs = [_config(seed=0, epochs=1), _config(seed=1, epochs=1)]
    st = StackedTrainer(configs, dataset_for(configs[0]), CPU)
    events = list(st.run())
    gens = {id(g) for _, g in calls}
    assert gens == {id(g) for g in st.augment_rngs} and len(gens) == 2
    assert len(calls) == 2 * st.steps_per_epoch and all(len(shape) == 4 for shape, _ in calls)  # per run
    ends = [e for _, e in events if isinstance(e, RunEnd)]
    assert [e.extra["group_size"] for e in ends] == [2, 2] and all("warmup_seconds" in e.extra for e in ends)
    assert sum(e.train_seconds for e in ends) == pytest.approx(st.train_seconds, rel=1e-6)
    assert all(e.train_seconds < st.train_seconds for e in ends)  # a share, not the group's time
    assert all(e.extra["group_train_seconds"] == pytest.approx(st.train_seconds) for e in ends)  # and the group's


def test_the_graphed_step_trains_in_the_configured_precision():
    """The CUDA-graph path is the eager step replayed: bf16 autocast there too (it trained in fp32)."""
    c = _config(precision="bf16", epochs=1)
    plain = list(_trainer(c).run())
    t = _trainer(c, emulate_graphs=True)
    assert t.amp == torch.bfloat16
    graphed = list(t.run())
    _same(plain, graphed)
    fp32 = list(_trainer(c.updated(precision="fp32"), emulate_graphs=True).run())
    assert [e.loss for e in fp32 if isinstance(e, StepRecord)] != [e.loss for e in graphed
                                                                   if isinstance(e, StepRecord)]
