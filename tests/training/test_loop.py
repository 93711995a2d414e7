"""The training loop: it learns, reports, diagnoses divergence, stops early and resumes exactly."""

import math
import re

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, RunEnd, StepRecord
from cnnlab.training import Trainer
from cnnlab.training.session import dataset_for


def _data(config: TrainConfig):
    return prepare(dataset_for(config), config, torch.device("cpu"))


def _run(config: TrainConfig, trainer: Trainer | None = None):
    trainer = trainer or Trainer(config, _data(config))
    events = list(trainer.run())
    return trainer, events


def test_a_short_run_learns_and_reports_every_record():
    c = TrainConfig(subset=1500, epochs=2, batch_size=32, log_every=5, device="cpu")
    _, events = _run(c)
    steps = [e for e in events if isinstance(e, StepRecord)]
    epochs = [e for e in events if isinstance(e, EpochRecord)]
    end = events[-1]
    assert isinstance(end, RunEnd) and end.status == "finished" and end.epochs == 2
    assert [e.epoch for e in epochs] == [1, 2]
    assert epochs[-1].test_accuracy > 0.85 and epochs[-1].val_accuracy > 0.8
    assert epochs[-1].train_loss < epochs[0].train_loss
    # 1350 training examples / 32 = 43 steps per epoch, a record every 5 steps
    assert steps[0].steps_per_epoch == 43
    # logged at global multiples of 5, across the epoch boundary (step 44 is epoch 2's first)
    assert [s.step for s in steps] == list(range(5, 87, 5))
    assert [s.epoch for s in steps] == [1] * 8 + [2] * 9
    assert list(steps[0].grad_norms) == ["conv1", "conv2", "fc1", "fc2"]
    assert all(s.first_layer_grad_norm > 0 and s.lr == pytest.approx(1e-3) for s in steps)
    assert steps[-1].loss < steps[0].loss


def test_huge_learning_rate_is_diagnosed_as_diverged():
    c = TrainConfig(subset=8000, epochs=3, lr=10.0, device="cpu")
    trainer, events = _run(c)
    end = events[-1]
    assert end.status == "diverged"
    assert "lr 10" in end.message
    assert any(why in end.message for why in ("loss became", "loss exploded", "stuck at chance"))
    assert end.train_seconds > 0  # the partial epoch's training time counts
    assert end.epochs < 3  # it stopped, rather than training on


def test_an_exploding_loss_is_diagnosed_as_diverged():
    """SGD at lr 10 sends the loss to ~1e30 while it stays finite: that is divergence too."""
    c = TrainConfig(subset=600, epochs=2, optimizer="sgd", lr=10.0, log_every=5, device="cpu")
    _, events = _run(c)
    end = events[-1]
    assert end.status == "diverged", end.message
    assert "loss exploded" in end.message or "loss became" in end.message


def test_sigmoid_gradients_vanish_relative_to_relu():
    """Seed 003's observation, on cnn_5: the first layer's gradient norm is far smaller with sigmoid."""
    norms = {}
    for act in ("relu", "sigmoid"):
        c = TrainConfig(
            model="cnn_5",
            activation=act,
            optimizer="sgd",
            lr=0.01,
            subset=400,
            epochs=1,
            batch_size=50,
            log_every=2,
            val_split=0,
            device="cpu",
        )
        _, events = _run(c)
        norms[act] = sum(e.first_layer_grad_norm for e in events if isinstance(e, StepRecord))
    assert norms["sigmoid"] < 0.1 * norms["relu"]


def test_early_stopping_restores_the_best_epoch():
    # a tiny training set and a large lr make validation loss stop improving quickly
    c = TrainConfig(subset=200, epochs=30, lr=3e-3, batch_size=16, early_stop=2, device="cpu")
    trainer, events = _run(c)
    end = events[-1]
    assert end.status == "early-stopped" and end.epochs < 30
    records = [e for e in events if isinstance(e, EpochRecord)]
    best = min(records, key=lambda r: r.val_loss)
    assert end.best_epoch == best.epoch and end.final == best
    assert end.epochs == best.epoch + 2
    # the model really holds the best epoch's weights
    from cnnlab.training.metrics import evaluate

    val_loss, _ = evaluate(trainer.model, trainer.data.val.x, trainer.data.val.y)
    assert val_loss == pytest.approx(best.val_loss, rel=1e-4)


def test_early_stopping_needs_validation():
    c = TrainConfig(subset=200, early_stop=2, val_split=0, device="cpu")
    with pytest.raises(CnnlabError, match="val_split"):
        Trainer(c, _data(c))


@pytest.mark.parametrize(
    "schedule, extra, expected",
    [
        ("step", {"lr_step": 1, "lr_gamma": 0.5}, [1e-2, 5e-3, 2.5e-3]),
        ("multistep", {"lr_milestones": [2], "lr_gamma": 0.1}, [1e-2, 1e-2, 1e-3]),
        ("exponential", {"lr_gamma": 0.9}, [1e-2, 9e-3, 8.1e-3]),
        ("cosine", {}, [1e-2, 1e-2 * (1 + math.cos(math.pi / 3)) / 2, 1e-2 * (1 + math.cos(2 * math.pi / 3)) / 2]),
    ],
)
def test_schedules_set_each_epochs_learning_rate(schedule, extra, expected):
    c = TrainConfig(
        subset=100,
        epochs=3,
        optimizer="sgd",
        lr=1e-2,
        momentum=0.9,
        nesterov=True,
        schedule=schedule,
        device="cpu",
        **extra,
    )
    _, events = _run(c)
    assert [e.lr for e in events if isinstance(e, EpochRecord)] == pytest.approx(expected)


def test_onecycle_changes_lr_within_an_epoch():
    c = TrainConfig(subset=600, epochs=1, batch_size=16, log_every=2, schedule="onecycle", lr=0.01, device="cpu")
    _, events = _run(c)
    lrs = [e.lr for e in events if isinstance(e, StepRecord)]
    assert max(lrs) == pytest.approx(0.01, rel=0.05) and lrs[0] < 0.002 and lrs[-1] < 0.001


@pytest.mark.parametrize("optimizer", ["adam", "adamw", "sgd", "rmsprop", "adadelta"])
def test_every_optimizer_trains(optimizer):
    lr = {"adadelta": 1.0, "sgd": 0.05}.get(optimizer, 3e-3)
    c = TrainConfig(
        model="lenet",
        subset=1000,
        epochs=1,
        batch_size=16,
        optimizer=optimizer,
        lr=lr,
        momentum=0.9 if optimizer == "sgd" else 0.0,
        device="cpu",
    )
    _, events = _run(c)
    assert events[-1].status == "finished" and events[-2].test_accuracy > 0.3


def test_resume_continues_exactly():
    c = TrainConfig(subset=800, epochs=3, batch_size=32, schedule="step", lr_step=1, lr_gamma=0.5, device="cpu")
    data = _data(c)
    _, events = _run(c, Trainer(c, data))
    full = [e for e in events if isinstance(e, EpochRecord)]
    first = Trainer(c, data)
    for e in first.run():
        if isinstance(e, EpochRecord):
            state = first.state()
            break
    resumed = Trainer(c, data)
    resumed.restore(state)
    rest = [e for e in resumed.run() if isinstance(e, EpochRecord)]
    assert [r.epoch for r in rest] == [2, 3]
    for a, b in zip(full[1:], rest, strict=False):
        assert (a.train_loss, a.test_accuracy, a.lr) == (b.train_loss, b.test_accuracy, b.lr)


class WrongWidth(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(784, 7)

    def forward(self, x):
        return self.fc(x.flatten(1))


class WrongInput(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(100, 10)

    def forward(self, x):
        return self.fc(x.flatten(1))


@pytest.mark.parametrize("cls, message", [("WrongWidth", "outputs shape (7,)"), ("WrongInput", "cannot run on")])
def test_a_model_that_does_not_fit_the_data_is_one_line(cls, message):
    c = TrainConfig(model=f"{__name__}:{cls}", subset=100, device="cpu")
    with pytest.raises(CnnlabError, match=re.escape(message)) as e:
        Trainer(c, _data(c))
    assert "\n" not in str(e.value)
