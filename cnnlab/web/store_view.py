"""Read-only access to the results store for the web server: one connection per server thread.

The store's connection must not be shared between threads, and the server answers requests from a
thread pool, so each thread opens its own (kept for reuse). What goes to the browser is cleaned here:
no file paths, and no NaN or infinity (JSON has neither).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnlab.errors import CnnlabError
from cnnlab.store.atomic import json_safe

if TYPE_CHECKING:
    from cnnlab.store.db import Store

DB_NAME = "cnnlab.db"
HIDDEN_RUN_FIELDS = ("run_dir", "config_hash", "executor", "pid", "host")  # server-side details


def find_store(source: Path) -> Path | None:
    """The database file if `source` is a store (a project folder holding cnnlab.db, or a .db file)."""
    if source.is_file() and source.suffix == ".db":
        return source
    if source.is_dir() and (source / DB_NAME).is_file():
        return source / DB_NAME
    return None


class StoreView:
    def __init__(self, db_path: Path) -> None:
        from cnnlab.store.db import Store as StoreClass  # imported here: a checkpoint-only server never needs it

        self.db_path = Path(db_path)
        self._store_class = StoreClass
        self._local = threading.local()
        self._store()  # fail now, with a clear message, if the file is not a store

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._store_class(self.db_path, create=False)
            self._local.store = store
        return store

    @property
    def root(self) -> Path:
        return self.db_path.parent

    def experiments(self) -> list[dict[str, Any]]:
        return [json_safe({k: v for k, v in e.items() if k != "spec_path"}) for e in self._store().experiments()]

    def has_experiment(self, name: str) -> bool:
        return any(e["name"] == name for e in self._store().experiments())

    def runs(self, experiment: str) -> list[dict[str, Any]]:
        return self._store().runs(experiment)

    def run(self, run_id: str) -> dict[str, Any] | None:
        return self._store().run(run_id)

    def search(self, experiment: str) -> dict[str, Any] | None:
        """A `[search]` experiment's trials (with each one's curve of the search's metric), best trial, repeats
        and importances; None for a grid experiment."""
        from cnnlab.experiments.search_results import summarize_search

        summary = summarize_search(self._store(), experiment)
        if summary is None:
            return None
        out = summary.as_dict()
        metric = summary.search.metric
        for row, trial in zip(out["trials"], summary.trials, strict=True):
            row["curve"] = [[c["epoch"], c.get(metric)] for c in trial.curve]
        return json_safe(out)

    def curves(self, run_id: str) -> dict[str, list[dict[str, Any]]]:
        store = self._store()
        return json_safe({"epochs": store.epoch_curves(run_id), "steps": store.step_curves(run_id)})

    def run_folder(self, run: dict[str, Any]) -> Path | None:
        """Where a run's checkpoint lives: its recorded folder, absolute or relative to the project."""
        recorded = run.get("run_dir")
        candidates = []
        if recorded:
            path = Path(recorded)
            candidates = [path] if path.is_absolute() else [self.root.parent / path, self.root / path, path]
        candidates.append(self.root / str(run.get("experiment", "")) / str(run.get("run_id", "")))
        return next((c for c in candidates if c.is_dir()), None)


def public_run(run: dict[str, Any]) -> dict[str, Any]:
    return json_safe({k: v for k, v in run.items() if k not in HIDDEN_RUN_FIELDS})


def open_store_view(db_path: Path) -> StoreView:
    try:
        return StoreView(db_path)
    except ImportError:
        raise CnnlabError("the results store is not available in this version of cnnlab") from None
