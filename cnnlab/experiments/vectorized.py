"""The vectorized executor: the runs of a spec that share an architecture train as one stacked model.

Runs are grouped by `stacked.group_key` (architecture with its activation, data settings, batch size,
epochs, optimizer kind, logging interval, device); within a group they may differ in seed, learning
rate, momentum, Nesterov, weight decay, dropout rate, initialisation, schedule, early-stopping
patience. Each group of two or more runs trains as one `StackedTrainer`; every run reports through
the sink exactly as with the sequential executor (its own events, its own RunResult, its own
checkpoint in its run_dir, written the moment that run ends).

Resuming: a stacked group does not write per-epoch state, so a group interrupted mid-way restarts
from scratch when the spec is re-run (a group of MNIST runs takes seconds on a GPU). A run that
already has state files in its run_dir (from an interrupted sequential or Ray run) is resumed by the
sequential executor instead, as are single runs and groups that cannot be stacked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from types import SimpleNamespace

import torch

from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, RunEnd
from cnnlab.experiments.executor import PlannedRun, RunSink
from cnnlab.experiments.forked import MIN_STACK, can_fork, processes_for, run_forked, split_group
from cnnlab.experiments.sequential import SequentialExecutor, one_line
from cnnlab.store.checkpoint import save_checkpoint
from cnnlab.training.loop import resolve_device
from cnnlab.training.session import RunResult, checkpoint_info, dataset_for
from cnnlab.training.stacked import StackedTrainer, group_key, stack_problem, stack_speedup

MEASURE_GROUP = 16  # runs of a group in `auto`'s throwaway measurement (a larger group only stacks better)
MIN_SPEEDUP = 1.1  # `auto` stacks a CPU group measured at least this much faster (a margin over timing noise)
MAX_GROUP = 256  # runs per stack: 256 baseline MNIST runs need about 4 GiB of activations at batch 64
# a search's rung: (rung epoch, each run still in the stack with its record of that epoch) -> {run_id: message}
# of the runs to prune there
Decide = Callable[[int, list[tuple[PlannedRun, EpochRecord]]], dict[str, str]]


def plan_groups(runs: Sequence[PlannedRun], max_group: int = MAX_GROUP) -> list[list[PlannedRun]]:
    """Runs in stackable groups (first-seen order), each at most `max_group` long."""
    by_key: dict[tuple, list[PlannedRun]] = {}
    for run in runs:
        by_key.setdefault(group_key(run.config), []).append(run)
    return [g[i:i + max_group] for g in by_key.values() for i in range(0, len(g), max_group)]


def _has_state(run: PlannedRun) -> bool:
    return (run.run_dir / "state.json").exists()


class VectorizedExecutor:
    """Trains each group of compatible runs as one stacked model; the rest sequentially."""

    name = "vectorized"

    def __init__(self, fast_math: bool = False, max_group: int = MAX_GROUP, strict: bool = False,
                 measure: bool = False, notify: Callable[[str], None] | None = None,
                 processes: int | None = None) -> None:
        self.fast_math = fast_math  # bf16 autocast on CUDA (measured in benchmarks/gpu.py)
        self.max_group = max_group
        self.strict = strict  # a group that cannot be stacked is an error, not a fall-back (benchmarks)
        self.measure = measure  # `auto` on a CPU: stack a group only where a short measurement says it wins
        self.notify = notify or (lambda message: None)
        self.processes = processes  # on a CPU, at most this many stacks side by side (forked.py); None: one a thread
        self.sequential = SequentialExecutor()

    def execute(self, runs: Sequence[PlannedRun], sink: RunSink) -> None:
        for group in plan_groups(runs, self.max_group):
            # a search's trial that pauses at a rung needs the per-epoch state only a single run writes
            resumable = [r for r in group if _has_state(r) or r.until is not None]
            fresh = [r for r in group if not _has_state(r) and r.until is None]
            if resumable:
                self._one_by_one(resumable, sink)
            problem = stack_problem([r.config for r in fresh])
            if problem is not None and self.strict and len(fresh) > 1:
                raise CnnlabError(f"cannot train {len(fresh)} runs as one stack: {problem}")
            if problem is None and self.measure and not self._stacking_wins(fresh, split=True):
                problem = "slower stacked on this machine"
            if problem is not None:
                self._one_by_one(fresh, sink)
            else:
                self._train_group(fresh, sink)

    def _stacking_wins(self, group: list[PlannedRun], split: bool = False) -> bool:
        """`auto`'s measurement; `split`: the group would train as `_parts`, or one by one side by side
        (`_alone_rounds`), so the stack is measured on a stack process's thread share against one run on a one-by-one
        process's share."""
        stacks = self._parts(group) if split else [group]
        side = self._side_by_side(group, per_process=1) if split else 1
        biggest = max(stacks, key=len)
        threads = torch.get_num_threads()
        configs = [r.config for r in biggest]
        try:
            device = resolve_device(configs[0].device)
            per_run = stack_speedup(configs[:MEASURE_GROUP], dataset_for(configs[0]), device,
                                    threads=(threads // len(stacks), threads // side))
        except Exception:  # noqa: BLE001 (it cannot even be built stacked: train it one run at a time)
            return False
        # one by one, each of `side` processes trains len(group) / side runs' worth (the last round shares out
        # every thread); stacked, the biggest stack sets the wall time
        speedup = per_run * len(group) / side / len(biggest)
        wins = speedup >= MIN_SPEEDUP
        if wins:
            how = "stacked" if len(stacks) == 1 else f"stacked, as {len(stacks)} stacks side by side (a process each)"
        else:
            how = self._alone_how(group) if split else "one by one"
        self.notify(f"note: auto executor: {len(group)} runs of {configs[0].model}: stacked measured {speedup:.2f}x "
                    f"as fast as one by one here; training them {how}")
        return wins

    def execute_pruned(self, runs: Sequence[PlannedRun], sink: RunSink, rungs: Sequence[int],
                       decide: Decide) -> list[PlannedRun]:
        """A search's trials: each group of stackable runs trains as one stack to its end; at each rung epoch,
        once every run still in the stack has reported it, `decide` names the runs that end there (status
        "pruned", no checkpoint) while the others go on. Returns the runs it left to the caller (those that
        cannot be stacked, or have saved state to resume from), untouched."""
        left: list[PlannedRun] = []
        for group in plan_groups(runs, self.max_group):
            fresh = [r for r in group if not _has_state(r) and r.until is None]
            left += [r for r in group if r not in fresh]
            if (stack_problem([r.config for r in fresh]) is not None
                    or (self.measure and not self._stacking_wins(fresh))
                    or not self._train_group(fresh, sink, rungs, decide)):
                left += fresh
        return left

    def _train_group(self, group: list[PlannedRun], sink: RunSink, rungs: Sequence[int] = (),
                     decide: Decide | None = None) -> bool:
        """Train `group` as one stack; False (nothing trained) when a search's group cannot be stacked after all."""
        configs = [r.config for r in group]
        try:
            device = resolve_device(configs[0].device)
            parts = self._parts(group) if decide is None else [group]
            trainers = [StackedTrainer([r.config for r in part], dataset_for(configs[0]), device,
                                       fast_math=self.fast_math) for part in parts]
        except Exception as e:  # noqa: BLE001 (a model torch.func cannot stack still trains, one run at a time)
            if self.strict:
                raise CnnlabError(f"cannot train {len(group)} runs as one stack: {one_line(e)}") from e
            if decide is not None:
                return False
            self.sequential.execute(group, sink)
            return True
        for run in group:
            sink.on_start(run)
        if len(parts) > 1:
            run_forked([(functools.partial(self._run_stack, trainer, part), part)
                        for trainer, part in zip(trainers, parts, strict=True)], sink, started=True)
        else:
            self._run_stack(trainers[0], parts[0], sink, rungs, decide)
        return True

    def _run_stack(self, trainer: StackedTrainer, group: list[PlannedRun], sink: RunSink, rungs: Sequence[int] = (),
                   decide: Decide | None = None) -> None:
        """Train one built stack of `group` (started), reporting each run's events and result through `sink`."""
        done: set[int] = set()
        reports: dict[int, dict[int, EpochRecord]] = {}  # rung epoch -> run index -> its record

        def end(r: int, event: RunEnd) -> None:
            done.add(r)
            run = group[r]
            if event.status == "pruned":
                sink.on_result(run, RunResult(event.status, event.message, event.epochs, list(trainer.history[r]),
                                              [], None, event.wall_seconds, event.train_seconds, None, event.final))
            else:
                sink.on_result(run, self._finish(trainer, r, run, event))

        try:
            for r, event in trainer.run():
                sink.on_event(group[r], event)
                if isinstance(event, RunEnd):
                    end(r, event)
                elif decide is not None and isinstance(event, EpochRecord) and event.epoch in rungs:
                    seen = reports.setdefault(event.epoch, {})
                    seen[r] = event
                    if all(i in seen for i in range(len(group)) if trainer.alive[i]):
                        found = [(group[i], rec) for i, rec in seen.items() if trainer.alive[i]]
                        ids = {run.run_id: i for i, run in enumerate(group)}
                        for run_id, message in decide(event.epoch, found).items():
                            halted = trainer.halt(ids[run_id], message)
                            sink.on_event(group[ids[run_id]], halted)
                            end(ids[run_id], halted)
        except Exception as e:  # noqa: BLE001 (report every unfinished run of the group, then go on)
            for r, run in enumerate(group):
                if r not in done:
                    sink.on_error(run, one_line(e))

    def _one_by_one(self, runs: list[PlannedRun], sink: RunSink) -> None:
        """Runs that train alone (a group stacking would slow, runs resuming from saved state): on a CPU that can
        fork, side by side in a process each (forked.py), round after round; else one after the other here."""
        rounds = self._alone_rounds(runs)
        if len(rounds) == 1 and len(rounds[0]) == 1:
            self.sequential.execute(runs, sink)
            return
        for run in runs:  # loaded here, once: every process inherits the images
            try:
                dataset_for(run.config)
            except Exception:  # noqa: BLE001 (data that cannot load: each run reports it, as one process does)
                pass
        for parts in rounds:
            if len(parts) == 1:
                self.sequential.execute(parts[0], sink)
            else:
                run_forked([(functools.partial(self.sequential.execute, part), part) for part in parts], sink)

    def _alone_rounds(self, runs: list[PlannedRun]) -> list[list[list[PlannedRun]]]:
        """Rounds of processes, each process with its runs: first, round robin over one process per thread for as
        many runs as fill every process (a group's runs take about as long each); then the runs left over, side by
        side, sharing out all the threads (a last run alone gets every thread rather than leave the others idle).
        Where nothing goes side by side: one round of one process with every run."""
        n = self._side_by_side(runs, per_process=1)
        if n == 1:
            return [[runs]]
        even = len(runs) - len(runs) % n
        rounds = [[runs[i:even:n] for i in range(n)]]
        return rounds + [[[run] for run in runs[even:]]] if even < len(runs) else rounds

    def _alone_how(self, runs: list[PlannedRun]) -> str:
        """What `_one_by_one` does with `runs`, for `auto`'s note."""
        rounds = self._alone_rounds(runs)
        if len(rounds[0]) == 1:
            return "one by one"
        how = f"one by one, {len(rounds[0])} at a time (a process each)"
        if len(rounds) > 1:
            left = len(rounds[1])
            how += (f", the last on all {torch.get_num_threads()} threads" if left == 1
                    else f", the last {left} sharing all {torch.get_num_threads()} threads")
        return how

    def _parts(self, group: list[PlannedRun]) -> list[list[PlannedRun]]:
        """The stacks `group` trains as: one per thread, runs of a seed together (forked.py); else the one."""
        return split_group(group, self._side_by_side(group, MIN_STACK))

    def _side_by_side(self, runs: list[PlannedRun], per_process: int) -> int:
        """How many processes `runs` train in: one per torch thread on a CPU that can fork (forked.py), else 1."""
        try:
            cpu = all(resolve_device(r.config.device).type == "cpu" for r in runs)
        except Exception:  # noqa: BLE001 (a device that is not there: each run reports it, in this process)
            cpu = False
        if not runs or not cpu or not can_fork():
            return 1
        return processes_for(len(runs), torch.get_num_threads(), self.processes, per_process)

    @staticmethod
    def _finish(trainer: StackedTrainer, r: int, run: PlannedRun, end: RunEnd) -> RunResult:
        """Write run r's checkpoint (as `train_run` does) and make its RunResult."""
        history = list(trainer.history[r])
        view = SimpleNamespace(model=trainer.models[r], history=history)
        run.run_dir.mkdir(parents=True, exist_ok=True)
        info = checkpoint_info(run.config, view, trainer.run_data(r), end)  # type: ignore[arg-type]
        save_checkpoint(run.run_dir, trainer.models[r], info)
        return RunResult(end.status, end.message, end.epochs, history, [], str(run.run_dir), end.wall_seconds,
                         end.train_seconds, end.best_epoch, end.final)
