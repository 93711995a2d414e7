"""The skeleton's `halt` hook: a consumer ends one run of a stack between two of its events (a search's rung);
that run gets no further event and the others train on, unchanged."""

from __future__ import annotations

import torch

from cnnlab.config import TrainConfig
from cnnlab.events import EpochRecord, RunEnd, StepRecord
from cnnlab.training.session import dataset_for
from cnnlab.training.stacked import StackedTrainer

CPU = torch.device("cpu")
SMALL = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"


def configs() -> list[TrainConfig]:
    return [TrainConfig(model=SMALL, subset=300, epochs=3, batch_size=32, log_every=3, device="cpu",
                        precision="fp32", lr=lr, seed=0) for lr in (0.001, 0.003, 0.01)]


def test_a_halted_run_ends_pruned_at_its_epoch_and_the_others_go_on() -> None:
    cs = configs()
    whole = [(r, e) for r, e in StackedTrainer(cs, dataset_for(cs[0]), CPU).run() if isinstance(e, EpochRecord)]
    trainer = StackedTrainer(cs, dataset_for(cs[0]), CPU)
    events: list[tuple[int, object]] = []
    halted = None
    for r, event in trainer.run():
        events.append((r, event))
        if isinstance(event, EpochRecord) and event.epoch == 1 and r == 2:  # every run has reported epoch 1
            halted = trainer.halt(1, "pruned at epoch 1")
    assert halted is not None and (halted.status, halted.epochs, halted.message) == ("pruned", 1, "pruned at epoch 1")
    assert halted.final is not None and halted.final.epoch == 1
    after = [e for r, e in events if r == 1 and isinstance(e, (StepRecord, EpochRecord, RunEnd))
             and getattr(e, "epoch", 1) > 1]
    assert after == []  # nothing of run 1 after its epoch 1
    ends = {r: e for r, e in events if isinstance(e, RunEnd)}
    assert set(ends) == {0, 2} and all(e.status == "finished" and e.epochs == 3 for e in ends.values())
    # the runs that went on trained exactly as in a stack that halted nobody
    kept = [(r, e.epoch, e.val_loss) for r, e in events if isinstance(e, EpochRecord) and r != 1]
    assert kept == [(r, e.epoch, e.val_loss) for r, e in whole if r != 1]
