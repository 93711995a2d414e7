"""Where `--track` and `cnnlab export --format tensorboard|mlflow` write: parsed without importing a tracker.

Kept free of torch and of the trackers' packages so that the command line's `--help` stays quick.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cnnlab.errors import CnnlabError

EXTRA = "pip install 'cnnlab[trackers]'"
TRACK_HELP = ("Stream the run's curves, weight and gradient histograms and first-layer filters to a tracker as it "
              "trains: tensorboard[:DIR] (default tb-runs) or mlflow[:URI] (a tracking URI such as "
              "sqlite:///mlflow.db or http://127.0.0.1:5000, or a folder; default ./mlflow.db). Repeatable.")
DEFAULT_TENSORBOARD = "tb-runs"


@dataclass(frozen=True)
class Target:
    """Where a tracker writes: a TensorBoard log folder or an MLflow tracking URI."""

    kind: Literal["tensorboard", "mlflow"]
    where: str

    @property
    def how_to_look(self) -> str:
        """The command that shows what this tracker writes, as it can be typed."""
        return f"tensorboard --logdir {self.where}" if self.kind == "tensorboard" else ui_command(self.where)


def parse_target(text: str) -> Target:
    """`tensorboard`, `tensorboard:DIR`, `mlflow` or `mlflow:URI`; the tracker's package must be installed."""
    kind, _, where = str(text).strip().partition(":")
    kind = kind.strip().lower()
    if kind not in ("tensorboard", "mlflow"):
        raise CnnlabError(f"--track {text!r}: unknown tracker {kind!r} (choices: tensorboard[:DIR], mlflow[:URI])")
    if importlib.util.find_spec(kind) is None:
        raise CnnlabError(f"--track {kind} needs the {kind} package: {EXTRA}")
    if kind == "tensorboard":
        return Target("tensorboard", str(Path(where or DEFAULT_TENSORBOARD).expanduser()))
    return Target("mlflow", tracking_uri(where or None))


def parse_targets(texts: Iterable[str | Target] | str | None) -> list[Target]:
    """Each `--track` value as a Target (Targets pass through)."""
    if texts is None:
        return []
    return [t if isinstance(t, Target) else parse_target(t) for t in ([texts] if isinstance(texts, str) else texts)]


def mlflow_major() -> int:
    """The installed MLflow's major version (0 when it is not installed), read without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("mlflow", "mlflow-skinny"):
        try:
            return int(version(dist).split(".")[0])
        except (PackageNotFoundError, ValueError):
            continue
    return 0


def default_uri() -> str:
    """Where MLflow runs go without `--out`: `./mlflow.db` (a sqlite: URI) for MLflow 3, which refuses the file
    store unless told otherwise; the `./mlruns` folder (its file store) for MLflow 2."""
    return tracking_uri("sqlite:///mlflow.db" if mlflow_major() >= 3 else "mlruns")


def tracking_uri(where: str | Path | None) -> str:
    """A URI MLflow understands: a scheme URI (sqlite:, http:, file:, ...) as given, a relative sqlite path made
    absolute (the printed `mlflow ui` line then works from any folder); a folder as a file: URI; None: the
    installed MLflow's default (`default_uri`)."""
    if where is None:
        return default_uri()
    text = str(where)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) and not re.match(r"^[A-Za-z]:[\\/]", text):
        if text.startswith("sqlite:///") and not text.startswith("sqlite:////"):
            return "sqlite:///" + str(Path(text[len("sqlite:///"):]).expanduser().absolute())
        return text
    return Path(text).expanduser().absolute().as_uri()


def ui_command(uri: str) -> str:
    """The command that shows `uri`'s runs in MLflow's UI, as it can be typed; for a server: its address."""
    if uri.startswith(("http://", "https://")):
        return f"open {uri}"
    env = "MLFLOW_ALLOW_FILE_STORE=true " if uri.startswith("file:") and mlflow_major() >= 3 else ""
    return f"{env}mlflow ui --backend-store-uri {uri}"
