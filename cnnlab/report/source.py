"""What the report reads: the results store's read API, as a protocol.

The report never writes to the store and never imports it; `cnnlab.store.db.Store` satisfies this
protocol, and tests use an in-memory fake built from real training runs.
"""

from __future__ import annotations

from typing import Any, Protocol

RunId = Any  # the store's run identifier (a string or an integer); the report only passes it back


class ReportSource(Protocol):
    """The store's read methods the report uses (names and row keys as in `cnnlab.store.db.Store`)."""

    def experiments(self) -> list[dict[str, Any]]:
        """One dict per experiment: name, description, created, spec_toml, runs, finished."""
        ...

    def runs(self, experiment: str) -> list[dict[str, Any]]:
        """One dict per run: run_id, config, config_key, label, seed, status, message, epochs,
        test_accuracy, best_test_accuracy, final_train_loss, wall_seconds, train_seconds, run_dir, error."""
        ...

    def epoch_curves(self, run_id: RunId) -> list[dict[str, Any]]:
        """Per epoch: epoch, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy, lr, ..."""
        ...

    def step_curves(self, run_id: RunId) -> list[dict[str, Any]]:
        """Every `log_every` steps: epoch, step, loss, accuracy, lr, grad_norms (layer -> norm, first layer first)."""
        ...

    def run(self, run_id: RunId) -> dict[str, Any]:
        """One run's dict, as in `runs`."""
        ...
