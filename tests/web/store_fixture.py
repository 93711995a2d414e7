"""A small real results store for the web tests: one experiment, three runs, curves, one usable checkpoint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cnnlab.events import EpochRecord, StepRecord
from cnnlab.store.db import Store

EXPERIMENT = "lr_sweep"


def _epoch(epoch: int, lr: float) -> EpochRecord:
    return EpochRecord(
        epoch,
        train_loss=1.0 / epoch,
        train_accuracy=0.8 + 0.05 * epoch,
        val_loss=None,
        val_accuracy=None,
        test_loss=1.2 / epoch,
        test_accuracy=0.78 + 0.05 * epoch,
        lr=lr,
        train_seconds=1.0 * epoch,
        wall_seconds=1.5 * epoch,
    )


def _step(step: int) -> StepRecord:
    return StepRecord(
        epoch=1 + step // 20,
        step=step,
        steps_per_epoch=20,
        loss=2.0 / step,
        accuracy=0.5,
        lr=1e-3,
        grad_norms={"conv1": 0.1 / step, "fc2": 0.5},
    )


def make_store(project: Path, checkpoint: Path) -> Path:
    """`project`/cnnlab.db with experiment `lr_sweep`: two finished runs (one with weights), one diverged."""
    with Store.open(project, create=True) as store:
        store.save_experiment(EXPERIMENT, "learning rates for the baseline", 'model = "baseline"\n', "hash")
        runs = []
        for i, lr in enumerate([1e-3, 1e-2, 10.0]):
            run_id = f"run{i}abc"
            runs.append(
                {
                    "run_id": run_id,
                    "config": json.dumps({"lr": lr}),
                    "config_hash": f"h{i}",
                    "config_key": f"lr={lr}",
                    "label": f"lr={lr}",
                    "seed": 0,
                    "run_dir": str(project / EXPERIMENT / run_id),
                }
            )
        store.plan_runs(EXPERIMENT, runs)
        for i, r in enumerate(runs):
            lr = json.loads(r["config"])["lr"]
            history = [_epoch(1, lr), _epoch(2, lr)] if i < 2 else [_epoch(1, lr)]
            status = "diverged" if i == 2 else "finished"
            metrics = {
                "epochs": len(history),
                "test_accuracy": history[-1].test_accuracy,
                "best_test_accuracy": history[-1].test_accuracy,
                "final_train_loss": history[-1].train_loss,
                "wall_seconds": 3.0,
                "train_seconds": 2.0,
            }
            store.finish_run(
                r["run_id"],
                status,
                f"{status} after {len(history)} epochs",
                metrics,
                history,
                [_step(s) for s in range(1, 41, 10)],
            )
    shutil.copytree(checkpoint, project / EXPERIMENT / "run0abc")
    return project
