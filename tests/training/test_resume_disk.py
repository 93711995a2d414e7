"""Resume from the files on disk, in-process: every step record and the final weights, bit for bit; and
the test notices when the dropout generator is not restored (the bug the issue planted unnoticed)."""

from __future__ import annotations

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.events import EpochRecord
from cnnlab.store.checkpoint import load_checkpoint
from cnnlab.training import loop
from cnnlab.training.session import train_run

DROPOUT = "conv 4 k3 > relu > maxpool 2 > flatten > dropout 0.5 > linear 10"


def _interrupted_then_resumed(config: TrainConfig, out) -> object:  # noqa: ANN001
    def stop_at_the_second_epoch(event) -> None:  # noqa: ANN001 (epoch 1's state is on disk by then)
        if isinstance(event, EpochRecord) and event.epoch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train_run(config, out, stop_at_the_second_epoch)
    assert (out / "state.safetensors").exists()
    return train_run(config, out)


def _steps(result) -> list:  # noqa: ANN001
    return [(s.step, s.loss, s.accuracy, s.grad_norms) for s in result.steps]


def test_a_dropout_run_resumed_from_disk_is_the_uninterrupted_run_and_needs_its_rng(tmp_path, monkeypatch):
    c = TrainConfig(model=DROPOUT, subset=300, epochs=3, batch_size=16, log_every=4, device="cpu", seed=2)
    whole = train_run(c, tmp_path / "whole")
    resumed = _interrupted_then_resumed(c, tmp_path / "resumed")
    assert len(whole.steps) == len(resumed.steps) == 3 * 17 // 4 and _steps(whole) == _steps(resumed)
    assert [r.test_loss for r in whole.history] == [r.test_loss for r in resumed.history]
    a, _ = load_checkpoint(tmp_path / "whole")
    b, _ = load_checkpoint(tmp_path / "resumed")
    for (k, v), w in zip(a.state_dict().items(), b.state_dict().values(), strict=True):
        assert torch.equal(v, w), k

    # the same resume with the dropout generator left as a fresh Trainer has it: the steps differ
    monkeypatch.setattr(loop.torch, "set_rng_state", lambda state: None)
    broken = _interrupted_then_resumed(c, tmp_path / "broken")
    first_epoch = 17 // 4
    assert _steps(broken)[:first_epoch] == _steps(whole)[:first_epoch]
    assert _steps(broken)[first_epoch:] != _steps(whole)[first_epoch:]


def test_a_resume_computes_on_the_thread_count_the_run_started_with(tmp_path):
    """A run started on one thread (as a process of a side-by-side sweep is) and resumed where torch has two is
    still the uninterrupted one-thread run: the state records the thread count, and the resume uses it."""
    c = TrainConfig(model="lenet", subset=2000, epochs=2, batch_size=32, log_every=8, device="cpu", seed=4,
                    precision="fp32", optimizer="adam", lr=0.01)
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        whole = train_run(c, tmp_path / "whole")
        with pytest.raises(KeyboardInterrupt):
            train_run(c, tmp_path / "resumed", lambda e: _interrupt_at(e, 2))
        torch.set_num_threads(2)
        resumed = train_run(c, tmp_path / "resumed")
        assert torch.get_num_threads() == 2  # given back
        torch.set_num_threads(2)
        two = train_run(c, tmp_path / "two")  # the yardstick: two threads order the sums otherwise
    finally:
        torch.set_num_threads(before)
    assert _steps(whole) == _steps(resumed)
    a, _ = load_checkpoint(tmp_path / "whole")
    b, _ = load_checkpoint(tmp_path / "resumed")
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True))
    assert _steps(two) != _steps(whole)


def _interrupt_at(event, epoch: int) -> None:  # noqa: ANN001
    if isinstance(event, EpochRecord) and event.epoch == epoch:
        raise KeyboardInterrupt
