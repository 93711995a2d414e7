"""Stacked training (torch.func): a stack of runs behaves like the same runs trained one by one."""

from __future__ import annotations

import copy
import math

import pytest
import torch
from torch import nn

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.events import EpochRecord, RunEnd, StepRecord
from cnnlab.training.graphed import WARMUP_STEPS
from cnnlab.training.loop import Trainer
from cnnlab.training.session import dataset_for
from cnnlab.training.stacked import StackedTrainer, group_key, stack_problem
from cnnlab.training.stacked_net import NativeStack, VmapStack, dropout_rates, stack_for

SMALL = "conv 8 k3 > relu > maxpool 2 > conv 16 k3 > relu > maxpool 2 > flatten > linear 32 > relu > linear 10"
SMALL_BN = (
    "conv 8 k3 > bn > relu > maxpool 2 > conv 16 k3 > relu > maxpool 2 > flatten > linear 32 > bn > relu > linear 10"
)
CPU = torch.device("cpu")


def _small(**kw) -> TrainConfig:
    base = dict(model=SMALL, subset=1200, epochs=1, batch_size=32, log_every=5, device="cpu", precision="fp32")
    return TrainConfig(**{**base, **kw})


def _stacked(configs: list[TrainConfig]) -> tuple[StackedTrainer, list[list]]:
    st = StackedTrainer(configs, dataset_for(configs[0]), CPU)
    return st, _collect(st)


def _collect(st: StackedTrainer) -> list[list]:
    """Each run's events of a whole stacked training."""
    events: list[list] = [[] for _ in st.configs]
    for r, e in st.run():
        events[r].append(e)
    return events


def _alone(config: TrainConfig) -> tuple[Trainer, list]:
    t = Trainer(config, prepare(dataset_for(config), config, CPU))
    return t, list(t.run())


def _steps(events: list) -> list[StepRecord]:
    return [e for e in events if isinstance(e, StepRecord)]


@pytest.mark.parametrize(
    "recipe",
    [
        dict(optimizer="adam"),
        dict(optimizer="sgd", momentum=0.9, schedule="onecycle", lr=0.05),
        dict(optimizer="rmsprop", lr=3e-4, schedule="step", lr_step=1, epochs=2),
        dict(optimizer="adamw", lr=2e-3, schedule="cosine", epochs=2),
        dict(optimizer="adadelta", lr=0.5),
        dict(optimizer="adam", beta1=0.7, beta2=0.9, schedule="onecycle", lr=1e-2),
    ],
)
def test_a_stack_without_dropout_matches_the_runs_trained_alone(recipe):
    """Same init, batch order, split and optimizer maths as Trainer: the same losses to float rounding."""
    lr = recipe.pop("lr", 1e-3)
    configs = [
        _small(seed=0, lr=lr, **recipe),
        _small(seed=1, lr=lr * 2, weight_decay=1e-3, nesterov=recipe["optimizer"] == "sgd", **recipe),
    ]
    st, stacked = _stacked(configs)
    for r, c in enumerate(configs):
        trainer, alone = _alone(c)
        assert [type(e) for e in stacked[r]] == [type(e) for e in alone]
        a, b = _steps(alone), _steps(stacked[r])
        assert len(a) >= 6 and [s.step for s in a] == [s.step for s in b]  # 33 steps an epoch
        off = 0  # log steps whose first-layer gradient norm differs by more than 0.1%
        for x, y in zip(a, b, strict=True):
            assert y.loss == pytest.approx(x.loss, abs=2e-5)
            assert y.lr == pytest.approx(x.lr, rel=1e-6)
            assert list(y.grad_norms) == list(x.grad_norms)
            assert y.grad_norms["conv1"] == pytest.approx(x.grad_norms["conv1"], rel=1e-2, abs=1e-6)
            off += y.grad_norms["conv1"] != pytest.approx(x.grad_norms["conv1"], rel=1e-3, abs=1e-6)
        # a max-pool window whose two largest inputs round differently in the grouped convolution can pick
        # the other element for one step (a valid subgradient): at most one such step per run
        assert off <= 1
        ea, eb = alone[-2], stacked[r][-2]
        assert isinstance(eb, EpochRecord) and eb.epoch == ea.epoch
        assert eb.val_loss == pytest.approx(ea.val_loss, abs=1e-4)
        assert eb.test_loss == pytest.approx(ea.test_loss, abs=1e-4)
        assert eb.lr == pytest.approx(ea.lr, rel=1e-6)
        final = trainer.model.state_dict()
        for k, v in st.models[r].state_dict().items():
            torch.testing.assert_close(v, final[k], atol=1e-3, rtol=1e-3)
        assert stacked[r][-1].status == "finished" and stacked[r][-1].extra["group_size"] == 2


def test_runs_that_share_a_seed_read_one_input_and_match_the_runs_alone(monkeypatch):
    """2 learning rates x 2 seeds, listed learning-rate first: each seed's runs sit side by side and read one copy
    of each batch (the first convolution grouped by input); every run is still the run alone, and the stack
    without sharing. Unequal seeds, or augmentation (each run draws its own), turn sharing off."""
    configs = [_small(seed=s, lr=lr) for lr in (1e-3, 3e-3) for s in (0, 1)]
    st = StackedTrainer(configs, dataset_for(configs[0]), CPU)
    assert st.share == 2 and st.active == [0, 2, 1, 3]
    shared = _collect(st)
    monkeypatch.setattr(StackedTrainer, "_sharing", lambda self, runs: 1)
    _, unshared = _stacked(configs)
    for r, c in enumerate(configs):
        _, alone = _alone(c)
        for x, y, z in zip(_steps(alone), _steps(shared[r]), _steps(unshared[r]), strict=True):
            assert y.loss == pytest.approx(x.loss, abs=2e-5) and y.loss == pytest.approx(z.loss, abs=1e-6)
        for key in ("val_loss", "test_loss", "test_accuracy"):
            assert getattr(shared[r][-2], key) == pytest.approx(getattr(alone[-2], key), abs=1e-4)
            assert getattr(shared[r][-2], key) == pytest.approx(getattr(unshared[r][-2], key), abs=1e-6)
    monkeypatch.undo()
    uneven = StackedTrainer([*configs, _small(seed=0, lr=2e-3)], dataset_for(configs[0]), CPU)
    assert uneven.share == 1
    augmented = StackedTrainer([c.updated(aug_rotation=10.0) for c in configs], dataset_for(configs[0]), CPU)
    assert augmented.share == 1


def test_a_bf16_stack_records_what_its_weights_score_in_fp32():
    """Steps run in bf16; the epoch's evaluation, as a single run's and `cnnlab evaluate`'s, in fp32: the
    recorded test loss is the final weights' own, whatever arithmetic the steps used."""
    from cnnlab.training.metrics import evaluate

    configs = [_small(seed=s, precision="bf16") for s in (0, 1)]
    st, stacked = _stacked(configs)
    for r, c in enumerate(configs):
        data = prepare(dataset_for(c), c, CPU)
        loss, acc = evaluate(st.models[r], data.test.x, data.test.y)
        assert stacked[r][-2].test_loss == pytest.approx(loss, abs=1e-5)
        assert stacked[r][-2].test_accuracy == pytest.approx(acc, abs=1e-9)


def test_evaluating_run_by_run_and_through_the_stack_agree():
    """A CPU evaluates each run through its own network; an accelerator through the stack: both give each
    run's own loss and accuracy (BatchNorm with its running statistics), on its own validation split and on the
    test set, with NaN for a run that left the stack."""
    configs = [_small(model=SMALL_BN, seed=s, lr=lr) for lr in (1e-3, 3e-3) for s in (0, 1)]
    st = StackedTrainer(configs, dataset_for(configs[0]), CPU)
    st.steps.start_epoch()
    for left in ([], [1]):
        for s in range(5):
            st.steps.advance(s, s)
        for split in ("val", "test"):
            each, stacked = st._evaluate_each(split), st._evaluate_stacked(split)
            for r in range(4):
                if r in left:
                    assert math.isnan(each[r][0]) and math.isnan(stacked[r][0])
                    continue
                assert each[r][0] == pytest.approx(stacked[r][0], abs=1e-4)
                assert each[r][1] == pytest.approx(stacked[r][1], abs=2e-3)
            assert len({round(e[0], 6) for r, e in enumerate(each) if r not in left}) == 4 - len(left)
        st._stop(1, restore_best=False)


@pytest.mark.parametrize("spec", [SMALL_BN, "dropout 0.0 > " + SMALL, "crop 20 > " + SMALL_BN])
def test_one_input_for_several_runs_gives_each_runs_own_network(spec):
    """stack.forward with 2 inputs for 4 runs (runs 0-1 read input 0, runs 2-3 input 1) equals the same
    forward with each run's own copy: logits and gradients (a first layer that is not a convolution copies)."""
    from cnnlab.models import build_model

    models = []
    for seed in range(4):
        torch.manual_seed(seed)
        models.append(build_model(spec, (1, 28, 28), 10).to(memory_format=torch.channels_last))
    stack = stack_for(models[0])
    assert stack.shares_input() == (not spec.startswith("dropout"))  # a crop only slices: the conv reads once
    x = torch.randn(2, 5, 1, 28, 28)
    results = []
    for inputs in (x, x.repeat_interleave(2, 0)):
        params, buffers = stack.params(models), stack.buffers(models)
        out = stack.forward(params, buffers, inputs, dropout_rates(models), True, runs=4)
        out.square().sum().backward()
        results.append((out.detach(), [p.grad.clone() for m in models for p in m.parameters()]))
        for m in models:
            m.zero_grad(set_to_none=True)
    (a, ga), (b, gb) = results
    assert a.shape == (4, 5, 10)
    torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)
    for g, h in zip(ga, gb, strict=True):
        torch.testing.assert_close(g, h, atol=1e-4, rtol=1e-4)


def test_batchnorm_runs_keep_their_own_running_statistics():
    configs = [_small(model=SMALL_BN, seed=s) for s in (0, 1)]
    st, stacked = _stacked(configs)
    for r, c in enumerate(configs):
        trainer, alone = _alone(c)
        for x, y in zip(_steps(alone), _steps(stacked[r]), strict=True):
            assert y.loss == pytest.approx(x.loss, abs=1e-3)
        mine, theirs = st.models[r].state_dict(), trainer.model.state_dict()
        assert int(mine["bn1.num_batches_tracked"]) == int(theirs["bn1.num_batches_tracked"]) == 34
        torch.testing.assert_close(mine["bn2.running_var"], theirs["bn2.running_var"], atol=1e-2, rtol=1e-2)
        assert stacked[r][-2].test_accuracy == pytest.approx(alone[-2].test_accuracy, abs=0.01)
    assert not torch.equal(st.models[0].state_dict()["bn1.running_mean"], st.models[1].state_dict()["bn1.running_mean"])


def test_dropout_runs_are_statistically_the_runs_alone():
    """Dropout noise differs (one generator for the stack), so compare accuracies, not trajectories."""
    configs = [
        TrainConfig(subset=2000, epochs=2, device="cpu", precision="fp32", seed=s, dropout=d)
        for s, d in ((0, 0.5), (1, 0.2))
    ]
    _, stacked = _stacked(configs)
    for r, c in enumerate(configs):
        _, alone = _alone(c)
        assert stacked[r][-1].status == "finished"
        assert stacked[r][-2].test_accuracy == pytest.approx(alone[-2].test_accuracy, abs=0.03)
        assert stacked[r][-2].test_accuracy > 0.85


def test_a_diverging_run_leaves_the_stack_and_the_others_finish():
    configs = [
        TrainConfig(model=SMALL, subset=4000, epochs=3, batch_size=32, device="cpu", precision="fp32", seed=s, lr=lr)
        for s, lr in ((0, 1e-3), (1, 10.0), (2, 2e-3))
    ]
    st, stacked = _stacked(configs)
    bad = stacked[1][-1]
    assert isinstance(bad, RunEnd) and bad.status == "diverged" and "lr 10" in bad.message and bad.epochs < 3
    assert not any(isinstance(e, EpochRecord) and e.epoch > bad.epochs for e in stacked[1])
    for r in (0, 2):
        end = stacked[r][-1]
        assert end.status == "finished" and end.epochs == 3 and end.final.test_accuracy > 0.9
    # the healthy runs are the runs alone: the diverging neighbour did not disturb them
    _, alone = _alone(configs[0])
    for x, y in zip(_steps(alone), _steps(stacked[0]), strict=True):
        assert y.loss == pytest.approx(x.loss, abs=1e-4)


def test_early_stopping_within_a_stack_matches_early_stopping_alone():
    configs = [
        _small(subset=300, epochs=6, lr=5e-3, early_stop=1, seed=3),
        _small(subset=300, epochs=6, lr=5e-3, seed=4),
    ]
    st, stacked = _stacked(configs)
    trainer, alone = _alone(configs[0])
    assert alone[-1].status == "early-stopped"  # the recipe overfits 270 images quickly
    end = stacked[0][-1]
    assert end.status == "early-stopped" and end.epochs == alone[-1].epochs and end.best_epoch == alone[-1].best_epoch
    assert end.final.val_loss == pytest.approx(alone[-1].final.val_loss, abs=1e-4)
    for k, v in st.models[0].state_dict().items():  # the best epoch's weights, restored (float32 rounding apart)
        torch.testing.assert_close(v, trainer.model.state_dict()[k], atol=2e-4, rtol=1e-3)
    assert stacked[1][-1].status == "finished" and stacked[1][-1].epochs == 6
    _, other = _alone(configs[1])
    assert stacked[1][-2].val_loss == pytest.approx(other[-2].val_loss, abs=1e-3)


def test_grouping_rules():
    a = _small(seed=0)
    assert group_key(a) == group_key(a.updated(seed=5, lr=0.1, momentum=0.5, weight_decay=1e-4, init="xavier"))
    assert group_key(a) == group_key(a.updated(beta1=0.7, beta2=0.9))  # each run has its own optimizer
    assert group_key(TrainConfig()) == group_key(TrainConfig(dropout=0.2))  # dropout rate is per run
    assert group_key(a) != group_key(a.updated(batch_size=64))
    assert group_key(a) != group_key(a.updated(activation="tanh"))
    assert group_key(a) != group_key(a.updated(schedule="onecycle"))
    assert stack_problem([a]) == "a single run"
    assert stack_problem([a, a.updated(seed=1)]) is None


def test_the_graph_replay_bookkeeping_gives_the_eager_results():
    """On CUDA, steps are replayed k at a time from captured graphs; a CPU stand-in runs the same
    schedule of replays (warm-up, k-step and 1-step replays, the eager short last batch)."""
    configs = [_small(seed=0, subset=700, log_every=4, epochs=2), _small(seed=1, subset=700, log_every=4, epochs=2)]
    ds = dataset_for(configs[0])
    plain = StackedTrainer(configs, ds, CPU)
    graphed = StackedTrainer(configs, ds, CPU, _emulate_graphs=True)
    assert graphed.steps.replayer is not None and graphed.steps.replayer.k == 4
    a = [(r, e) for r, e in plain.run() if not isinstance(e, RunEnd)]
    b = [(r, e) for r, e in graphed.run() if not isinstance(e, RunEnd)]

    def shape(events: list) -> list:
        return [(r, type(e), getattr(e, "step", None)) for r, e in events]

    assert shape(a) == shape(b)
    for (_, x), (_, y) in zip(a, b, strict=True):
        if isinstance(x, StepRecord):
            assert (x.loss, x.accuracy, x.lr, x.grad_norms) == (y.loss, y.accuracy, y.lr, y.grad_norms)
        elif isinstance(x, EpochRecord):
            assert (x.train_loss, x.val_loss, x.test_accuracy) == (y.train_loss, y.val_loss, y.test_accuracy)
        else:
            assert x == y  # a Phase
    replayer = graphed.steps.replayer
    assert set(replayer.replays) == {1, 4} and replayer.warm == WARMUP_STEPS


def test_the_trainers_graphed_epochs_give_the_plain_loops_events():
    """The Trainer's CUDA fast path (training/graphed.py), run through its eager stand-in on a CPU:
    the same step records, epoch records and end as the plain loop, bit for bit."""
    c = _small(subset=700, log_every=4, epochs=2, model="baseline")  # with dropout: same RNG order too
    plain_trainer, plain = _alone(c)
    trainer = Trainer(c, prepare(dataset_for(c), c, CPU), emulate_graphs=True)
    graphed = list(trainer.run())
    assert set(trainer.steps.replayer.replays) == {1, 4} and trainer.steps.replayer.graphs is not None
    assert [type(e) for e in graphed] == [type(e) for e in plain]
    for x, y in zip(plain, graphed, strict=True):
        if isinstance(x, StepRecord):
            assert (x.step, x.loss, x.accuracy, x.lr, x.grad_norms) == (y.step, y.loss, y.accuracy, y.lr, y.grad_norms)
        elif isinstance(x, EpochRecord):
            assert (x.train_loss, x.train_accuracy, x.val_loss, x.test_accuracy) == (
                y.train_loss,
                y.train_accuracy,
                y.val_loss,
                y.test_accuracy,
            )
    for k, v in trainer.model.state_dict().items():
        assert torch.equal(v, plain_trainer.model.state_dict()[k])


class TwoLayers(nn.Module):  # not an nn.Sequential: stacked through torch.func.vmap
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 26 * 26, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.relu(self.bn(self.conv(x))).flatten(1))


@pytest.mark.parametrize("spec", [SMALL_BN, "conv 4 k3 p1 > relu > avgpool 2 > conv 6 k3 > bn > gelu > gap > flatten"
                                  " > linear 12 nobias > dropout 0.0 > linear 10", "crop 22 > " + SMALL_BN,
                                  "conv 4 k3 > crop 21 > relu > flatten > linear 10", "custom"])
def test_a_stack_computes_each_runs_own_network(spec):
    """Logits, BatchNorm statistics and every gradient of the stacked network are each run's own."""
    from cnnlab.models import build_model

    models = []
    for seed in range(3):
        torch.manual_seed(seed)
        m = TwoLayers() if spec == "custom" else build_model(spec, (1, 28, 28), 10)
        models.append(m.to(memory_format=torch.channels_last))
    stack = stack_for(models[0])
    assert isinstance(stack, VmapStack if spec == "custom" else NativeStack)
    x = torch.randn(3, 5, 1, 28, 28)
    for training in (True, False):
        params, buffers = stack.params(models), stack.buffers(models)
        out = stack.forward(params, buffers, x, dropout_rates(models), training)
        out.square().sum().backward()
        for r, m in enumerate(models):
            own = [p.grad.clone() for p in m.parameters()]
            m.zero_grad(set_to_none=True)
            m.train(training)
            alone = m(x[r])
            alone.square().sum().backward()
            torch.testing.assert_close(out[r], alone, atol=2e-5, rtol=1e-4)
            for g, p in zip(own, m.parameters(), strict=True):
                torch.testing.assert_close(g, p.grad, atol=2e-4, rtol=1e-3)
            m.zero_grad(set_to_none=True)
    # a training pass updates each run's BatchNorm statistics from its own batch only
    copies = [copy.deepcopy(m) for m in models]
    buffers = stack.buffers(models)
    stack.forward(stack.params(models), buffers, x, dropout_rates(models), True)
    stack.write_back(buffers, models)
    for r, (m, c) in enumerate(zip(models, copies, strict=True)):
        c.train()
        c(x[r])
        for k, v in c.state_dict().items():
            torch.testing.assert_close(m.state_dict()[k], v, atol=1e-5, rtol=1e-4)


def test_stacked_runs_report_the_groups_time_beside_their_share():
    configs = [_small(seed=s, subset=300) for s in range(3)]
    _, stacked = _stacked(configs)
    ends = [events[-1] for events in stacked]
    group = ends[0].extra["group_train_seconds"]
    assert all(e.extra["group_size"] == 3 for e in ends)
    assert group == pytest.approx(sum(e.train_seconds for e in ends), rel=1e-6)  # the shares add up to it
    assert ends[-1].extra["group_wall_seconds"] >= group > 0
