"""Checkpoints: safetensors weights plus a JSON file beside them. Nothing is ever unpickled.

A checkpoint is a directory holding `model.safetensors` and `model.json`; the JSON names the
model (spec or module:Class), the input shape, the class names, the normalisation, the training
config and the final metrics, and the sha256 of the weights file so a mismatched pair is caught.
A resumable training state is `state.safetensors` (complete on its own) with a `state.json` mirror.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save
from torch import nn

from cnnlab import __version__
from cnnlab.errors import CnnlabError
from cnnlab.store.atomic import atomic_write_bytes, atomic_write_json

FORMAT = "cnnlab-checkpoint"
WEIGHTS, META = "model.safetensors", "model.json"


def _contiguous(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu").contiguous() for k, v in tensors.items()}


def write_pair(directory: Path, stem: str, tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> Path:
    """Write `stem.safetensors`, then `stem.json` recording its checksum (each atomically)."""
    blob = st_save(_contiguous(tensors))
    atomic_write_bytes(directory / f"{stem}.safetensors", blob)
    meta = {**meta, "weights": {"file": f"{stem}.safetensors", "sha256": hashlib.sha256(blob).hexdigest()}}
    atomic_write_json(directory / f"{stem}.json", meta)
    return directory


def read_pair(directory: Path, stem: str) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    meta_path = directory / f"{stem}.json"
    try:
        meta = json.loads(meta_path.read_text())
    except FileNotFoundError:
        raise CnnlabError(
            f"{meta_path}: not found (a checkpoint is a folder with {stem}.json and {stem}.safetensors)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CnnlabError(f"{meta_path}: unreadable checkpoint metadata ({e})") from None
    if not isinstance(meta, dict) or "weights" not in meta:
        raise CnnlabError(f"{meta_path}: not a cnnlab checkpoint file")
    weights_path = directory / meta["weights"]["file"]
    try:
        blob = weights_path.read_bytes()
    except OSError as e:
        raise CnnlabError(f"{weights_path}: cannot read weights ({e.strerror or e})") from None
    if hashlib.sha256(blob).hexdigest() != meta["weights"]["sha256"]:
        raise CnnlabError(f"{weights_path}: checksum mismatch (corrupt, or not the file {meta_path.name} describes)")
    try:
        return st_load(blob), meta
    except (SafetensorError, ValueError) as e:
        raise CnnlabError(f"{weights_path}: corrupt safetensors file ({e})") from None


def checkpoint_dir(path: Path) -> Path:
    """Accept the folder, its model.json or its model.safetensors."""
    path = Path(path).expanduser()
    if path.is_file() and path.name in (WEIGHTS, META):
        return path.parent
    if path.is_dir():
        return path
    raise CnnlabError(f"checkpoint {path} not found")


def save_checkpoint(directory: Path, model: nn.Module, info: dict[str, Any]) -> Path:
    """`info` holds model/data/config/metrics sections; this adds format, version and time."""
    meta = {"format": FORMAT, "cnnlab_version": __version__, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **info}
    return write_pair(Path(directory), "model", model.state_dict(), meta)


def load_checkpoint(path: Path, device: torch.device | str = "cpu") -> tuple[nn.Module, dict[str, Any]]:
    """Rebuild the model from the JSON, load its weights; every failure is a one-line CnnlabError."""
    from cnnlab.models import build_model

    directory = checkpoint_dir(path)
    tensors, meta = read_pair(directory, "model")
    if meta.get("format") != FORMAT:
        raise CnnlabError(f"{directory / META}: not a cnnlab checkpoint (format {meta.get('format')!r})")
    m = meta["model"]
    model = build_model(m["spec"] or m["module"], tuple(m["input_shape"]), len(m["classes"]))
    try:
        model.load_state_dict(tensors)
    except RuntimeError as e:
        first = str(e).strip().splitlines()
        raise CnnlabError(
            f"{directory}: weights do not fit the model ({first[1].strip() if len(first) > 1 else e})"
        ) from None
    return model.to(device).eval(), meta


def flatten_state(
    obj: Any, prefix: str = "s", tensors: dict[str, torch.Tensor] | None = None
) -> tuple[Any, dict[str, torch.Tensor]]:
    """Split a nested state (dicts, lists, numbers, tensors) into JSON-able data and named tensors."""
    tensors = {} if tensors is None else tensors
    if isinstance(obj, torch.Tensor):
        tensors[prefix] = obj
        return {"__tensor__": prefix}, tensors
    if isinstance(obj, dict):
        return {
            "__dict__": [[k, flatten_state(v, f"{prefix}.{i}", tensors)[0]] for i, (k, v) in enumerate(obj.items())]
        }, tensors
    if isinstance(obj, (list, tuple)):
        return [flatten_state(v, f"{prefix}.{i}", tensors)[0] for i, v in enumerate(obj)], tensors
    return obj, tensors


def unflatten_state(obj: Any, tensors: dict[str, torch.Tensor]) -> Any:
    if isinstance(obj, dict) and "__tensor__" in obj:
        return tensors[obj["__tensor__"]]
    if isinstance(obj, dict) and "__dict__" in obj:
        return {k: unflatten_state(v, tensors) for k, v in obj["__dict__"]}
    if isinstance(obj, list):
        return [unflatten_state(v, tensors) for v in obj]
    return obj


def save_train_state(directory: Path, state: dict[str, Any]) -> None:
    """A resumable training state (see `Trainer.state`): state.safetensors, then state.json.

    `state.safetensors` is complete on its own: its header's metadata holds the JSON skeleton of the
    state. It is written atomically, so it is the commit point: a process killed between the two
    writes leaves a newer state.safetensors beside an older state.json, and the newer state is used.
    `state.json` mirrors it for people and tools that only want to read (e.g. the epoch).
    """
    directory = Path(directory)
    skeleton, tensors = flatten_state(state)
    meta = {"format": "cnnlab-train-state", "state": skeleton}
    blob = st_save(_contiguous(tensors), metadata={"cnnlab": json.dumps(meta)})
    atomic_write_bytes(directory / "state.safetensors", blob)
    weights = {"file": "state.safetensors", "sha256": hashlib.sha256(blob).hexdigest()}
    atomic_write_json(directory / "state.json", {**meta, "weights": weights})


def load_train_state(directory: Path) -> dict[str, Any] | None:
    """The saved state, or None when there is none yet."""
    path = Path(directory) / "state.safetensors"
    if not path.exists():
        return None
    try:
        blob = path.read_bytes()
        header_len = int.from_bytes(blob[:8], "little")
        meta = json.loads(json.loads(blob[8 : 8 + header_len])["__metadata__"]["cnnlab"])
        tensors = st_load(blob)
    except (OSError, ValueError, KeyError, TypeError, SafetensorError) as e:
        raise CnnlabError(f"{path}: unreadable training state ({type(e).__name__}: {e})") from None
    return unflatten_state(meta["state"], tensors)
