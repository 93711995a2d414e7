"""The results store: one SQLite file (WAL mode) per project directory, holding every experiment and run.

    cnnlab-runs/cnnlab.db                      this database
    cnnlab-runs/<experiment>/<run_id>/         a run's folder: init.safetensors, state.* while it trains,
                                               model.safetensors + model.json when it ends

Tables: `experiments` (name, spec TOML, spec hash), `plan` (the run ids of the grid of an experiment's
latest `cnnlab run`, in grid order; the whole grid even when `--only` trained part of it), `runs`
(config JSON, hashes, seed, status, timings, final metrics, error), `epoch_curves` and `step_curves`.
Every write is one short transaction, so a reader (the report, the web page, `cnnlab runs` in another
terminal) sees each epoch whole or not at all, and a process killed at any moment leaves a consistent
database. `schema_version` makes migrations possible: `MIGRATIONS[i]` takes a database from version i to
i + 1.

The read API (`experiments`, `runs`, `run`, `epoch_curves`, `step_curves`) returns plain dicts and
is what the report and the web page are written against.
"""

from __future__ import annotations

import calendar
import json
import math
import os
import socket
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cnnlab.errors import CnnlabError, DiskFullError, unknown_choice
from cnnlab.events import EpochRecord, StepRecord

DB_NAME = "cnnlab.db"
DEFAULT_DIR = Path("cnnlab-runs")
STATUSES = ("queued", "running", "finished", "early-stopped", "diverged", "failed")
# a search's trials also pause at a rung (state saved, waiting for the rung's decision) or end pruned there
SEARCH_STATUSES = ("paused", "pruned")
DONE = ("finished", "early-stopped", "diverged", "pruned")  # a re-run keeps these; the others run again

MIGRATIONS: list[str] = [
    # 0 -> 1: the first schema
    f"""
    CREATE TABLE experiments (
        name TEXT PRIMARY KEY,
        description TEXT,
        spec_toml TEXT NOT NULL,
        spec_hash TEXT NOT NULL,
        spec_path TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        experiment TEXT NOT NULL REFERENCES experiments(name),
        config TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        config_key TEXT NOT NULL,
        label TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in STATUSES)})),
        message TEXT,
        error TEXT,
        epochs INTEGER NOT NULL DEFAULT 0,
        best_epoch INTEGER,
        test_accuracy REAL,
        test_loss REAL,
        best_test_accuracy REAL,
        final_train_loss REAL,
        wall_seconds REAL,
        train_seconds REAL,
        run_dir TEXT NOT NULL,
        executor TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        resumed_from INTEGER,
        created TEXT NOT NULL,
        started TEXT,
        ended TEXT
    );
    CREATE INDEX runs_experiment ON runs(experiment);
    CREATE TABLE plan (
        experiment TEXT NOT NULL,
        position INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        PRIMARY KEY (experiment, position)
    );
    CREATE TABLE epoch_curves (
        run_id TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        train_loss REAL, train_accuracy REAL,
        val_loss REAL, val_accuracy REAL,
        test_loss REAL, test_accuracy REAL,
        lr REAL, train_seconds REAL, wall_seconds REAL,
        PRIMARY KEY (run_id, epoch)
    );
    CREATE TABLE step_curves (
        run_id TEXT NOT NULL,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        loss REAL, accuracy REAL, lr REAL,
        grad_norms TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
    );
    """,
    # 1 -> 2: a search's trials: statuses paused and pruned, the trial's number, the rung it stopped at
    f"""
    CREATE TABLE runs_v2 (
        run_id TEXT PRIMARY KEY,
        experiment TEXT NOT NULL REFERENCES experiments(name),
        config TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        config_key TEXT NOT NULL,
        label TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in STATUSES + SEARCH_STATUSES)})),
        message TEXT,
        error TEXT,
        epochs INTEGER NOT NULL DEFAULT 0,
        best_epoch INTEGER,
        test_accuracy REAL,
        test_loss REAL,
        best_test_accuracy REAL,
        final_train_loss REAL,
        wall_seconds REAL,
        train_seconds REAL,
        run_dir TEXT NOT NULL,
        executor TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        resumed_from INTEGER,
        created TEXT NOT NULL,
        started TEXT,
        ended TEXT,
        trial INTEGER,
        rung INTEGER
    );
    INSERT INTO runs_v2 SELECT *, NULL, NULL FROM runs;
    DROP TABLE runs;
    ALTER TABLE runs_v2 RENAME TO runs;
    CREATE INDEX runs_experiment ON runs(experiment)
    """,
    # 2 -> 3: the process (pid, host) that runs a `running` run, so that a killed one reads as interrupted
    """
    ALTER TABLE runs ADD COLUMN pid INTEGER;
    ALTER TABLE runs ADD COLUMN host TEXT
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
OLDEST_READABLE = 1  # a read-only store of this schema or newer (up to SCHEMA_VERSION) is read as it is

EPOCH_FIELDS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy",
                "lr", "train_seconds", "wall_seconds")
RUN_FIELDS = ("run_id", "experiment", "config", "config_key", "config_hash", "label", "seed", "status", "message",
              "error", "epochs", "best_epoch", "test_accuracy", "test_loss", "best_test_accuracy", "final_train_loss",
              "wall_seconds", "train_seconds", "run_dir", "executor", "attempts", "resumed_from", "created",
              "started", "ended", "trial", "rung", "pid", "host")
INTERRUPTED = "interrupted"  # read, never written: a `running` run whose process is gone


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _real(x: float | None) -> float | None:
    """SQLite stores NaN as NULL anyway; infinities are kept (a diverged loss reads back as inf)."""
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


class Store:
    """One connection to the results database; create one per thread or process."""

    def __init__(self, path: Path, create: bool = True) -> None:
        """Open (with `create`, make) the database. A store this process may not write to (an archive, a
        shared folder) is opened read-only when `create` is False; writing commands need write access."""
        self.path = Path(path).absolute()  # run folders are recorded absolute, readable from anywhere
        self.read_only = False
        if self.path.parent.exists() and not self.path.parent.is_dir():
            raise CnnlabError(f"{self.path.parent}: is a file, not a folder (a store is a folder holding {DB_NAME})")
        if self.path.is_dir():
            raise CnnlabError(f"{self.path}: is a folder, not a results database")
        if not create and not self.path.exists():
            raise CnnlabError(f"no results store at {self.path} (`cnnlab run SPEC` creates it)")
        if not create and not (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)):
            self._open_read_only()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a crashed process never corrupts
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except PermissionError as e:
            raise CnnlabError(f"{self.path}: cannot write the results store ({e.strerror}; write access is "
                              "needed)") from None
        except sqlite3.OperationalError as e:
            if "readonly" in str(e) or "unable to open" in str(e):
                raise CnnlabError(f"{self.path}: cannot write the results store ({e}; write access is "
                                  "needed)") from None
            raise CnnlabError(f"{self.path}: not a usable cnnlab results database ({e})") from None
        except sqlite3.DatabaseError as e:
            raise CnnlabError(f"{self.path}: not a usable cnnlab results database ({e})") from None

    def _open_read_only(self) -> None:
        """Read a store without writing a byte: `mode=ro`, or `immutable=1` where SQLite cannot even make
        its WAL index (a read-only folder); nobody can be writing to such a store meanwhile."""
        self.read_only = True
        uri = self.path.as_uri()
        last: sqlite3.Error | None = None
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                self.db = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=30.0, isolation_level=None,
                                          check_same_thread=False)
                self.db.row_factory = sqlite3.Row
                row = self.db.execute("SELECT version FROM schema_version").fetchone()
                break
            except sqlite3.Error as e:
                last = e
        else:
            raise CnnlabError(f"{self.path}: cannot read the results store read-only ({last})")
        version = row[0] if row else 0
        if not OLDEST_READABLE <= version <= SCHEMA_VERSION:
            raise CnnlabError(f"{self.path}: schema {version}, this cnnlab reads {OLDEST_READABLE} to "
                              f"{SCHEMA_VERSION}" + ("; upgrade cnnlab" if version > SCHEMA_VERSION else ""))

    @classmethod
    def open(cls, project_dir: Path = DEFAULT_DIR, create: bool = False) -> Store:
        """The store of a project directory (`./cnnlab-runs` by default): `<dir>/cnnlab.db`. With `create`
        (what `cnnlab run` does) a missing store is made, folders and all; without, a missing one is a
        one-line error and nothing is created."""
        if not isinstance(project_dir, (str, os.PathLike)):
            raise CnnlabError(f"a store is a folder path, got {type(project_dir).__name__}")
        return cls(Path(project_dir) / DB_NAME, create=create)

    @property
    def root(self) -> Path:
        """The project directory: run folders live under `<root>/<experiment>/<run_id>/`."""
        return self.path.parent

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is visible to readers, or none of it."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise self._write_error(e) from None
        try:
            yield self.db
        except sqlite3.Error as e:  # a full disk ("database or disk is full"), an I/O error: nothing committed
            self._rollback()
            raise self._write_error(e) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise self._write_error(e) from None

    def _rollback(self) -> None:
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite may have rolled back already (SQLITE_FULL does)
            pass

    def _write_error(self, e: sqlite3.Error) -> CnnlabError:
        if "full" in str(e):
            return DiskFullError(f"{self.path}: cannot write the results store ({e}): the disk is full; the store "
                                 "keeps what it had before (free some space and run again)")
        return CnnlabError(f"{self.path}: cannot write the results store ({e})")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several queries see the same state of the database."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > SCHEMA_VERSION:
                raise CnnlabError(f"{self.path}: written by a newer cnnlab (schema {version}, this one knows "
                                  f"{SCHEMA_VERSION}); upgrade cnnlab")
            for script in MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif version != SCHEMA_VERSION:
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    # -- run folders: recorded relative to the store, so a moved or copied store keeps its checkpoints -----
    def recorded_dir(self, run_dir: str | Path) -> str:
        """How a run folder is written to the database: relative to the store's folder when inside it."""
        path = Path(run_dir)
        if not path.is_absolute():
            return path.as_posix()
        for root in (self.root, self.root.resolve()):
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
        return str(path)

    def run_folder(self, recorded: str | None, experiment: str, run_id: str) -> str:
        """Where a run's folder is now. Relative (this cnnlab): inside this store. Absolute (a store written
        before): this store's own `<experiment>/<run_id>` when it is there (a moved or copied store), else
        the recorded path."""
        if not recorded:
            return str(self.root / experiment / run_id)
        path = Path(recorded)
        if not path.is_absolute():
            return str(self.root / path)
        own = self.root / experiment / run_id
        if own.is_dir() or not path.is_dir():
            return str(own)
        return str(path)

    # -- writes (the driver of `cnnlab run` is the only writer) -----------------------------------
    def save_experiment(self, name: str, description: str | None, spec_toml: str, spec_hash: str,
                        spec_path: str | None = None) -> None:
        stamp = now()
        with self.transaction() as db:
            db.execute(
                """INSERT INTO experiments (name, description, spec_toml, spec_hash, spec_path, created, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(name) DO UPDATE SET description = excluded.description,
                   spec_toml = excluded.spec_toml, spec_hash = excluded.spec_hash,
                   spec_path = excluded.spec_path, updated = excluded.updated""",
                (name, description, spec_toml, spec_hash, spec_path, stamp, stamp),
            )

    def plan_runs(self, experiment: str, runs: Iterable[dict[str, Any]]) -> None:
        """Make `runs` (run_id, config, config_hash, config_key, label, seed, run_dir) the experiment's plan.

        New runs are queued; runs left `running` by a killed process are queued again; finished ones keep
        their results. One transaction: a reader sees the old plan or the new one.
        """
        stamp = now()
        with self.transaction() as db:
            db.execute("DELETE FROM plan WHERE experiment = ?", (experiment,))
            for position, r in enumerate(runs):
                db.execute(
                    """INSERT INTO runs (run_id, experiment, config, config_hash, config_key, label, seed, status,
                       run_dir, created) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                       ON CONFLICT(run_id) DO UPDATE SET label = excluded.label, run_dir = excluded.run_dir,
                       status = CASE WHEN status = 'running' THEN 'queued' ELSE status END""",
                    (r["run_id"], experiment, r["config"], r["config_hash"], r["config_key"], r["label"],
                     r["seed"], self.recorded_dir(r["run_dir"]), stamp),
                )
                db.execute("INSERT INTO plan VALUES (?, ?, ?)", (experiment, position, r["run_id"]))

    def start_run(self, run_id: str, executor: str | None, resumed_from: int, pid: int | None = None,
                  host: str | None = None) -> None:
        """Mark `run_id` running in process `pid` on `host` (default: this one); forget curve rows past the
        epoch it resumes from (never committed state)."""
        with self.transaction() as db:
            db.execute(
                """UPDATE runs SET status = 'running', started = ?, ended = NULL, error = NULL, message = NULL,
                   executor = ?, attempts = attempts + 1, resumed_from = ?, epochs = ?, pid = ?, host = ?
                   WHERE run_id = ?""",
                (now(), executor, resumed_from if resumed_from > 0 else None, resumed_from,
                 os.getpid() if pid is None else pid, host or socket.gethostname(), run_id),
            )
            db.execute("DELETE FROM epoch_curves WHERE run_id = ? AND epoch > ?", (run_id, resumed_from))
            db.execute("DELETE FROM step_curves WHERE run_id = ? AND epoch > ?", (run_id, resumed_from))

    def add_curves(self, run_id: str, epochs: Iterable[EpochRecord], steps: Iterable[StepRecord]) -> None:
        """Record completed epochs and their step records, and the run's progress, in one transaction."""
        epochs = list(epochs)
        with self.transaction() as db:
            self._insert_curves(db, run_id, epochs, steps)
            if epochs:
                db.execute(
                    """UPDATE runs SET epochs = MAX(epochs, ?), test_accuracy = ?, test_loss = ?,
                       best_test_accuracy = MAX(COALESCE(best_test_accuracy, 0), ?), final_train_loss = ?,
                       wall_seconds = ? WHERE run_id = ?""",
                    (epochs[-1].epoch, _real(epochs[-1].test_accuracy), _real(epochs[-1].test_loss),
                     max(_real(e.test_accuracy) or 0.0 for e in epochs), _real(epochs[-1].train_loss),
                     epochs[-1].wall_seconds, run_id),
                )

    @staticmethod
    def _insert_curves(db: sqlite3.Connection, run_id: str, epochs: Iterable[EpochRecord],
                       steps: Iterable[StepRecord]) -> None:
        db.executemany(
            "INSERT OR REPLACE INTO step_curves VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(run_id, s.step, s.epoch, _real(s.loss), _real(s.accuracy), s.lr,
              json.dumps({k: _real(v) for k, v in s.grad_norms.items()})) for s in steps],
        )
        db.executemany(
            f"INSERT OR REPLACE INTO epoch_curves VALUES (?, {', '.join('?' * len(EPOCH_FIELDS))})",
            [(run_id, *(_real(getattr(e, f)) if f != "epoch" else e.epoch for f in EPOCH_FIELDS)) for e in epochs],
        )

    def finish_run(self, run_id: str, status: str, message: str, metrics: dict[str, Any],
                   history: Iterable[EpochRecord] = (), steps: Iterable[StepRecord] = ()) -> None:
        """The run's end: status, final metrics, and any curve rows not yet recorded, in one transaction."""
        with self.transaction() as db:
            self._insert_curves(db, run_id, history, steps)
            db.execute(
                """UPDATE runs SET status = ?, message = ?, error = NULL, epochs = ?, best_epoch = ?,
                   test_accuracy = ?, test_loss = ?, best_test_accuracy = ?, final_train_loss = ?,
                   wall_seconds = ?, train_seconds = ?, ended = ? WHERE run_id = ?""",
                (status, message, int(metrics.get("epochs") or 0), metrics.get("best_epoch"),
                 _real(metrics.get("test_accuracy")), _real(metrics.get("test_loss")),
                 _real(metrics.get("best_test_accuracy")), _real(metrics.get("final_train_loss")),
                 _real(metrics.get("wall_seconds")), _real(metrics.get("train_seconds")), now(), run_id),
            )

    def add_trial(self, experiment: str, run: dict[str, Any], trial: int | None) -> None:
        """Queue a search's trial (keys as for `plan_runs`) at the end of the experiment's plan; a trial already
        recorded is left as it is. One transaction: the trial and its place in the plan."""
        with self.transaction() as db:
            db.execute(
                """INSERT INTO runs (run_id, experiment, config, config_hash, config_key, label, seed, status,
                   run_dir, created, trial) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
                   ON CONFLICT(run_id) DO NOTHING""",
                (run["run_id"], experiment, run["config"], run["config_hash"], run["config_key"], run["label"],
                 run["seed"], run["run_dir"], now(), trial),
            )
            if db.execute("SELECT 1 FROM plan WHERE experiment = ? AND run_id = ?",
                          (experiment, run["run_id"])).fetchone() is None:
                db.execute("INSERT INTO plan VALUES (?, (SELECT COALESCE(MAX(position) + 1, 0) FROM plan "
                           "WHERE experiment = ?), ?)", (experiment, experiment, run["run_id"]))

    def pause_run(self, run_id: str, epochs: int, wall_seconds: float | None, train_seconds: float | None) -> None:
        """A trial reached its rung: its state is saved after `epochs`, it waits for the rung's decision."""
        with self.transaction() as db:
            db.execute("""UPDATE runs SET status = 'paused', message = ?, epochs = ?, wall_seconds = ?,
                          train_seconds = ? WHERE run_id = ?""",
                       (f"paused at the rung after epoch {epochs}", epochs, _real(wall_seconds),
                        _real(train_seconds), run_id))

    def prune_run(self, run_id: str, rung: int, message: str) -> None:
        """The rung's decision stopped this trial: it ends `pruned` at epoch `rung` (the `rung` column: where a
        pruned trial stopped; empty for the others)."""
        with self.transaction() as db:
            db.execute("UPDATE runs SET status = 'pruned', message = ?, rung = ?, ended = ? WHERE run_id = ?",
                       (message, rung, now(), run_id))

    def fail_run(self, run_id: str, error: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET status = 'failed', error = ?, message = ?, ended = ? WHERE run_id = ?",
                       (error, f"failed: {error}", now(), run_id))

    # -- reads ---------------------------------------------------------------------------------------
    def experiments(self) -> list[dict[str, Any]]:
        """Every experiment: name, description, created, updated, spec_toml, spec_hash, runs, finished, ..."""
        rows = self.db.execute(
            """SELECT e.*, COUNT(r.run_id) AS runs,
                      SUM(r.status IN ('finished', 'early-stopped')) AS finished,
                      SUM(r.status = 'diverged') AS diverged, SUM(r.status = 'failed') AS failed
               FROM experiments e LEFT JOIN plan p ON p.experiment = e.name
               LEFT JOIN runs r ON r.run_id = p.run_id
               GROUP BY e.name ORDER BY e.created, e.name"""
        ).fetchall()
        out = []
        for r in rows:
            runs = self.runs(r["name"])
            out.append({**dict(r), "finished": r["finished"] or 0, "diverged": r["diverged"] or 0,
                        "failed": r["failed"] or 0,
                        "interrupted": sum(x["status"] == INTERRUPTED for x in runs)})
        return out

    def experiment(self, name: str) -> dict[str, Any]:
        """One experiment's row; an unknown name is a one-line error listing the known ones."""
        for e in self.experiments():
            if e["name"] == name:
                return e
        raise unknown_choice("experiment", name, [e["name"] for e in self.experiments()] or ["none yet"])

    def runs(self, experiment: str, all_runs: bool = False) -> list[dict[str, Any]]:
        """The runs of the grid of the experiment's latest `cnnlab run`, in grid order (`all_runs`: every run ever
        made, under any earlier spec or `--set` too)."""
        if all_runs:
            rows = self.db.execute("SELECT * FROM runs WHERE experiment = ? ORDER BY created, run_id",
                                   (experiment,)).fetchall()
        else:
            rows = self.db.execute(
                "SELECT r.* FROM plan p JOIN runs r ON r.run_id = p.run_id WHERE p.experiment = ? "
                "ORDER BY p.position", (experiment,)).fetchall()
        return [self._run_dict(r) for r in rows]

    def run(self, run_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return self._run_dict(row) if row else None

    def _run_dict(self, row: sqlite3.Row) -> dict[str, Any]:
        d = dict(row)
        d["config"] = json.loads(d["config"])
        d["run_dir"] = self.run_folder(d.get("run_dir"), str(d.get("experiment")), str(d.get("run_id")))
        d.setdefault("pid", None)
        d.setdefault("host", None)
        if d["status"] == "running" and process_gone(d["pid"], d["host"], d.get("started")):
            d["status"] = INTERRUPTED
            d["message"] = (f"interrupted: the process that ran it (pid {d['pid']}) is gone; `cnnlab run` "
                            "resumes it")
        return d

    def epoch_curves(self, run_id: str) -> list[dict[str, Any]]:
        """EpochRecord fields, one dict per completed epoch, in order."""
        rows = self.db.execute(f"SELECT {', '.join(EPOCH_FIELDS)} FROM epoch_curves WHERE run_id = ? ORDER BY epoch",
                               (run_id,)).fetchall()
        return [dict(r) for r in rows]

    def step_curves(self, run_id: str) -> list[dict[str, Any]]:
        """One dict per logged step: epoch, step, loss, accuracy, lr, grad_norms (layer -> norm)."""
        rows = self.db.execute(
            "SELECT epoch, step, loss, accuracy, lr, grad_norms FROM step_curves WHERE run_id = ? ORDER BY step",
            (run_id,)).fetchall()
        return [{**dict(r), "grad_norms": json.loads(r["grad_norms"])} for r in rows]


def process_gone(pid: int | None, host: str | None, started: str | None = None) -> bool:
    """Whether process `pid` of `host`, which started a run at `started`, has ended (only a process of this
    host can be asked; when unknown: no). A pid that now names a younger process (reused) counts as ended."""
    if not pid or host != socket.gethostname():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError, OSError):
        return False
    fields = _proc_stat(int(pid))
    if not fields:
        return False
    if fields[0] == "Z":  # killed, not yet reaped by its parent
        return True
    born = _start_time(fields)
    if born is None or not started:
        return False
    try:
        run_started = calendar.timegm(time.strptime(started, "%Y-%m-%dT%H:%M:%SZ"))
    except (ValueError, OverflowError):
        return False
    return born > run_started + 60  # younger than the run it is said to run (60 s: clocks from /proc are rough)


def _proc_stat(pid: int) -> list[str]:
    """/proc/PID/stat's fields after the command name (state first), or [] where there is no /proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return []


def _start_time(fields: list[str]) -> float | None:
    """A process's start, in seconds since the epoch, from its /proc stat fields and the boot time."""
    try:
        ticks = int(fields[19])  # field 22 of stat; fields[0] is field 3
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
