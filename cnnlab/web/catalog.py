"""The server-side table of models the page may use: opaque id -> checkpoint folder.

The browser only ever sees ids (a hash of where the checkpoint lives); it picks a model by id and the
server looks the id up here. Nothing from a request is ever joined into a file path. The table is
built from what `cnnlab serve` was pointed at: one checkpoint, a folder holding checkpoints, or a
results store (its finished runs); it is refreshed when the page asks for the list, so runs that
finish while the server is up appear.

Only checkpoints that load are offered: JSON well formed, every file a regular file inside the folder,
weights matching their sha256, parsing as safetensors, finite and fitting the model, and, for a
`module:Class` model (Python code), only when the server was started with `trust_code`. Each folder is
loaded once per change of its files; the ones refused are kept in `rejected` (folder -> one-line
reason) for the server to report.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.store.checkpoint import META, load_checkpoint, read_meta
from cnnlab.web.store_view import StoreView

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_SCAN = 200  # checkpoints found under a folder; deeper or further ones are ignored
SCAN_DEPTH = 3
USABLE = ("finished", "early-stopped")  # runs whose final weights are worth drawing with


class UnknownModel(LookupError):
    """No model has this id (the server answers 404)."""


class InvalidId(ValueError):
    """The id is not even shaped like one of ours, e.g. a path (the server answers 400)."""


@dataclass(frozen=True)
class ModelEntry:
    id: str
    name: str
    kind: str  # "checkpoint" or "run"
    path: Path  # server side only: never sent to the browser
    experiment: str | None = None
    run_id: str | None = None
    test_accuracy: float | None = None

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "experiment": self.experiment,
            "run_id": self.run_id,
            "test_accuracy": self.test_accuracy,
        }


def make_id(kind: str, path: Path) -> str:
    return hashlib.sha256(f"{kind}:{path.resolve()}".encode()).hexdigest()[:12]


def check_id(model_id: str) -> str:
    if not ID_PATTERN.match(model_id):
        raise InvalidId(f"invalid model id {model_id[:80]!r}: ids are letters, digits, '-' and '_' (see /api/models)")
    return model_id


def _checkpoint_entry(folder: Path, name: str) -> ModelEntry:
    accuracy = None
    try:
        meta = read_meta(folder)  # a regular file inside the folder, or a one-line error (never a FIFO's hang)
        accuracy = meta.get("metrics", {}).get("test_accuracy")
    except (CnnlabError, AttributeError):
        pass  # not offered: `_usable` loads it and records the real error
    return ModelEntry(make_id("checkpoint", folder), name, "checkpoint", folder, test_accuracy=accuracy)


def _find_checkpoints(root: Path) -> list[Path]:
    """Folders holding a model.json under `root`, breadth first, bounded in depth and count."""
    found: list[Path] = []
    level = [root]
    for _ in range(SCAN_DEPTH + 1):
        following: list[Path] = []
        for folder in level:
            if (folder / META).is_file():
                found.append(folder)
                if len(found) >= MAX_SCAN:
                    return found
            try:
                following.extend(sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")))
            except OSError:
                continue
        level = following
    return found


class ModelCatalog:
    """Which models exist (refreshable) and the few most recently used, loaded (an LRU cache)."""

    def __init__(
        self, source: Path, store: StoreView | None = None, cache_size: int = 4, trust_code: bool = False
    ) -> None:
        self.source = Path(source)
        self.store = store
        self.trust_code = trust_code
        self.rejected: dict[Path, str] = {}
        self._verified: dict[Path, tuple[tuple[int, int], ...]] = {}  # folder -> the file stamps it passed with
        self._entries: dict[str, ModelEntry] = {}
        self._loaded: OrderedDict[str, tuple[nn.Module, dict[str, Any]]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._model_locks: dict[str, threading.Lock] = {}
        self.refresh()

    def using(self, entry: ModelEntry) -> threading.Lock:
        """The lock every endpoint holds while it runs `entry`'s model: a model is shared between request threads,
        and an explanation hooks it (Grad-CAM) and switches it to eval mode while it runs, so two requests
        must never use one model at once (a hook would record another request's forward pass)."""
        with self._lock:
            return self._model_locks.setdefault(entry.id, threading.Lock())

    def _usable(self, folder: Path) -> bool:
        """Verified (once per change of its files); a refused folder's reason goes to `rejected`."""
        try:
            stamps = tuple((s.st_mtime_ns, s.st_size) for s in (p.stat() for p in sorted(folder.iterdir())))
        except OSError as e:
            self.rejected[folder] = f"{folder}: unreadable ({e.strerror or e})"
            return False
        if self._verified.get(folder) == stamps:
            return True
        try:  # loaded, not only checksummed: a truncated file with a matching sha256 is refused here, not in a request
            load_checkpoint(folder, trust_code=self.trust_code)
        except CnnlabError as e:
            self._verified.pop(folder, None)
            self.rejected[folder] = str(e)
            return False
        self._verified[folder] = stamps
        self.rejected.pop(folder, None)
        return True

    def refresh(self) -> list[ModelEntry]:
        entries: list[ModelEntry] = []
        if self.source.is_dir() and self.store is None:
            for folder in _find_checkpoints(self.source):
                name = folder.name if folder != self.source else folder.resolve().name
                entries.append(_checkpoint_entry(folder, name))
        if self.store is not None:
            entries.extend(self._runs())
        entries = [e for e in entries if self._usable(e.path)]
        # the default (the first) is the most accurate run of a store: not a chance-level one that came first
        best = max((e for e in entries if e.kind == "run" and e.test_accuracy is not None),
                   key=lambda e: e.test_accuracy, default=None)  # type: ignore[arg-type, return-value]
        if best is not None:
            entries = [best, *(e for e in entries if e is not best)]
        with self._lock:
            self._entries = {e.id: e for e in entries}
        return entries

    def _runs(self) -> list[ModelEntry]:
        entries = []
        for experiment in self.store.experiments():
            for run in self.store.runs(experiment["name"]):
                folder = self.store.run_folder(run)
                if run.get("status") in USABLE and folder is not None and (folder / META).is_file():
                    entries.append(
                        ModelEntry(
                            make_id("run", folder),
                            f"{experiment['name']} / {run.get('label') or run['run_id']} · seed {run.get('seed')}",
                            "run",
                            folder,
                            experiment["name"],
                            run["run_id"],
                            run.get("test_accuracy"),
                        )
                    )
        return entries

    def entries(self) -> list[ModelEntry]:
        with self._lock:
            return list(self._entries.values())

    def entry(self, model_id: str | None) -> ModelEntry:
        """The entry for an id (None: the first model); `UnknownModel` if there is none."""
        with self._lock:
            if model_id is None:
                if not self._entries:
                    raise UnknownModel("no models available: train one, or point `cnnlab serve` at a checkpoint")
                return next(iter(self._entries.values()))
            entry = self._entries.get(check_id(model_id))
        if entry is None:
            self.refresh()  # a run may have finished since the list was built
            with self._lock:
                entry = self._entries.get(model_id)
        if entry is None:
            raise UnknownModel(f"unknown model id {model_id!r} (see /api/models)")
        return entry

    def id_for_run(self, run_id: str) -> str | None:
        with self._lock:
            return next((e.id for e in self._entries.values() if e.run_id == run_id), None)

    def load(self, model_id: str | None) -> tuple[ModelEntry, nn.Module, dict[str, Any]]:
        """The entry with its model and metadata, loaded once and kept while recently used."""
        entry = self.entry(model_id)
        with self._lock:
            if entry.id in self._loaded:
                self._loaded.move_to_end(entry.id)
                return (entry, *self._loaded[entry.id])
        # outside the lock: loading can take a moment
        model, meta = load_checkpoint(entry.path, trust_code=self.trust_code)
        with self._lock:
            self._loaded[entry.id] = (model, meta)
            while len(self._loaded) > self._cache_size:
                self._loaded.popitem(last=False)
        return entry, model, meta
