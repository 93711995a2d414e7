"""Checkpoints: safetensors weights plus a JSON file beside them. Nothing is ever unpickled.

A checkpoint is a directory holding `model.safetensors` and `model.json`; the JSON names the
model (spec or module:Class), the input shape, the class names, the normalisation, the training
config and the final metrics, and the sha256 of the weights file so a mismatched pair is caught.
A resumable training state is `state.safetensors` (complete on its own) with a `state.json` mirror.

Loading never runs code from a file unless the caller says so: a `module:Class` checkpoint needs
`trust_code=True` (the CLI's `--trust-code`). Such a checkpoint carries a copy of the module's source
file and its sha256, so it loads from any folder and an edited copy is refused. Every file a
checkpoint's JSON names must lie inside the checkpoint folder (no `..`, no absolute path, no symlink
out), and the JSON is checked for shape before anything is built from it.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.store.atomic import atomic_write_bytes, atomic_write_json
from cnnlab.store.safe_read import read_regular
from cnnlab.version import __version__

FORMAT = "cnnlab-checkpoint"
WEIGHTS, META = "model.safetensors", "model.json"
MAX_META_BYTES = 16 * 1024 * 1024  # a model.json is a few kB; bigger is not one of ours
MAX_INPUT_SIDE = 4096  # checkpoint input shapes: C <= 64, H, W <= 4096
# the `trust_code` default of load_checkpoint, for code that loads checkpoints deep inside (the report, export)
_TRUST_CODE: ContextVar[bool] = ContextVar("cnnlab_trust_code", default=False)
TRUST_HINT = "pass --trust-code (trust_code=True in Python) only if you trust where it came from"


def _contiguous(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu").contiguous() for k, v in tensors.items()}


def write_pair(directory: Path, stem: str, tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> Path:
    """Write `stem.safetensors`, then `stem.json` recording its checksum (each atomically)."""
    blob = st_save(_contiguous(tensors))
    atomic_write_bytes(directory / f"{stem}.safetensors", blob)
    meta = {**meta, "weights": {"file": f"{stem}.safetensors", "sha256": hashlib.sha256(blob).hexdigest()}}
    atomic_write_json(directory / f"{stem}.json", meta)
    return directory


def inside(directory: Path, name: object, what: str) -> Path:
    """`directory / name`, refused unless `name` is a relative path that stays inside `directory`."""
    where = directory / META
    if not isinstance(name, str) or not name or "\x00" in name:
        raise CnnlabError(f"{where}: {what} must be a file name, got {name!r}")
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise CnnlabError(f"{where}: {what} {name!r} is outside the checkpoint folder (only names inside it are read)")
    path = directory / name
    if not path.resolve().is_relative_to(directory.resolve()):
        raise CnnlabError(f"{where}: {what} {name!r} points outside the checkpoint folder (a symlink?)")
    return path


def read_meta(directory: Path, stem: str = "model") -> dict[str, Any]:
    """The JSON half of a pair, as a dict; unreadable, oversized or absurdly nested is a one-line error."""
    meta_path = directory / f"{stem}.json"
    if not meta_path.exists() and not meta_path.is_symlink():
        raise CnnlabError(f"{meta_path}: not found (a checkpoint is a folder with {stem}.json and {stem}.safetensors)")
    try:
        if not meta_path.resolve().is_relative_to(Path(directory).resolve()):
            raise CnnlabError(f"{meta_path}: a symlink to a file outside the checkpoint folder; refusing to read it")
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise CnnlabError(f"{meta_path}: unreadable checkpoint metadata ({e})") from None
    blob = read_regular(meta_path, "checkpoint metadata", MAX_META_BYTES)
    try:
        meta = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CnnlabError(f"{meta_path}: unreadable checkpoint metadata ({e})") from None
    except RecursionError:
        raise CnnlabError(f"{meta_path}: unreadable checkpoint metadata (nested too deeply)") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("weights"), dict):
        raise CnnlabError(f"{meta_path}: not a cnnlab checkpoint file (no 'weights' section)")
    return meta


def _sha256_of(path: Path, what: str) -> tuple[bytes, str]:
    blob = read_regular(path, what)  # never a FIFO or a device: those would block or read forever
    return blob, hashlib.sha256(blob).hexdigest()


def _checked_weights(directory: Path, meta: dict[str, Any], stem: str) -> tuple[Path, bytes]:
    weights_path = inside(directory, meta["weights"].get("file"), "weights.file")
    blob, digest = _sha256_of(weights_path, "weights")
    if digest != meta["weights"].get("sha256"):
        raise CnnlabError(f"{weights_path}: checksum mismatch (corrupt, or not the file {stem}.json describes)")
    return weights_path, blob


def _tensors(weights_path: Path, blob: bytes) -> dict[str, torch.Tensor]:
    try:
        return st_load(blob)
    except (SafetensorError, ValueError) as e:
        raise CnnlabError(f"{weights_path}: corrupt safetensors file ({e})") from None


def read_tensors(path: Path, what: str = "tensors") -> dict[str, torch.Tensor]:
    """A bare safetensors file (no JSON beside it, e.g. an old init.safetensors): a regular file only."""
    return _tensors(Path(path), read_regular(Path(path), what))


def check_finite(where: Path, tensors: dict[str, torch.Tensor]) -> None:
    """Refuse weights holding NaN or infinity: such a model answers nonsense ("predicted 0 (nan%)")."""
    for name, t in tensors.items():
        if t.is_floating_point() and t.numel() and not bool(torch.isfinite(t).all()):
            raise CnnlabError(f"{where}: the weights are not finite (NaN or infinity in {name!r}): the run that "
                              "saved them diverged, or the file was damaged")


def read_pair(directory: Path, stem: str) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """The tensors and JSON of `stem.safetensors` + `stem.json`, checksum checked."""
    directory = Path(directory)
    meta = read_meta(directory, stem)
    return _tensors(*_checked_weights(directory, meta, stem)), meta


def _finite_list(value: object, n: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == n
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    )


def check_meta(directory: Path, meta: dict[str, Any]) -> None:
    """Refuse a model.json whose sections are missing or nonsensical, naming the key."""
    where = directory / META
    if meta.get("format") != FORMAT:
        raise CnnlabError(f"{where}: not a cnnlab checkpoint (format {meta.get('format')!r})")
    for section in ("model", "data", "config"):
        if not isinstance(meta.get(section), dict):
            raise CnnlabError(f"{where}: the {section!r} section is missing or not an object")
    m, d = meta["model"], meta["data"]
    shape = m.get("input_shape")
    if not (
        isinstance(shape, list)
        and len(shape) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) for v in shape)
        and 1 <= shape[0] <= 64
        and all(1 <= v <= MAX_INPUT_SIDE for v in shape[1:])
    ):
        raise CnnlabError(f"{where}: model.input_shape must be [C, H, W] (C <= 64, H, W <= {MAX_INPUT_SIDE}), "
                          f"got {str(shape)[:80]}")
    classes = m.get("classes")
    if not (isinstance(classes, list) and 2 <= len(classes) <= 100_000 and all(isinstance(c, str) for c in classes)):
        raise CnnlabError(f"{where}: model.classes must be a list of at least 2 class names")
    spec, module = m.get("spec"), m.get("module")
    if not ((isinstance(spec, str) and spec.strip()) or (isinstance(module, str) and ":" in module)):
        raise CnnlabError(f"{where}: model needs a layer 'spec' or a 'module' (module:Class)")
    if not _finite_list(d.get("mean"), shape[0]):
        raise CnnlabError(f"{where}: data.mean must be {shape[0]} finite number(s), got {str(d.get('mean'))[:80]}")
    if not _finite_list(d.get("std"), shape[0]) or min(d["std"]) <= 0:
        raise CnnlabError(f"{where}: data.std must be {shape[0]} finite number(s) > 0, got {str(d.get('std'))[:80]}")
    check_config_section(where, meta["config"])


def check_config_section(where: Path, config: dict[str, Any]) -> None:
    """The training config a checkpoint records: each known setting of the right type and in range. Only
    setting by setting: a key this cnnlab does not know, or a combination a later cnnlab refuses to train,
    is left alone (the config describes how the weights were made; it is not trained again)."""
    from pydantic import ValidationError

    for key, value in config.items():
        adapter = _setting_adapters().get(key)
        if adapter is None:
            continue
        try:
            adapter.validate_python(value, strict=True)
        except ValidationError as e:
            msg = e.errors()[0]["msg"].removeprefix("Value error, ")
            raise CnnlabError(f"{where}: config: invalid value for {key!r}: {str(repr(value))[:80]} ({msg})") from None


@functools.lru_cache(maxsize=1)
def _setting_adapters() -> dict[str, Any]:
    """One pydantic TypeAdapter per TrainConfig field: its type and its bounds."""
    from typing import Annotated

    from pydantic import TypeAdapter

    from cnnlab.config import TrainConfig

    return {name: TypeAdapter(Annotated[f.annotation, f]) for name, f in TrainConfig.model_fields.items()}


def is_custom(meta: dict[str, Any]) -> bool:
    """Whether the checkpoint's model is Python code (`module:Class`) rather than a layer spec."""
    m = meta.get("model")
    return isinstance(m, dict) and not m.get("spec") and bool(m.get("module"))


def _custom_source(directory: Path, meta: dict[str, Any]) -> Path | None:
    """The module's copy inside the checkpoint, checked against its recorded sha256 (None: an old checkpoint)."""
    source = meta["model"].get("source")
    if source is None:
        return None
    if not isinstance(source, dict):
        raise CnnlabError(f"{directory / META}: model.source must be an object with 'file' and 'sha256'")
    path = inside(directory, source.get("file"), "model.source.file")
    if _sha256_of(path, "the model's source")[1] != source.get("sha256"):
        raise CnnlabError(f"{path}: the model's source file was changed since the checkpoint was saved "
                          "(sha256 mismatch); refusing to import it")
    return path


def verify_checkpoint(path: Path, trust_code: bool = False) -> dict[str, Any]:
    """Everything `load_checkpoint` checks except building the model: the JSON, the paths and the checksums."""
    directory = checkpoint_dir(path)
    meta = read_meta(directory)
    check_meta(directory, meta)
    _checked_weights(directory, meta, "model")
    if is_custom(meta):
        _refuse_untrusted(directory, meta, trust_code)
        _custom_source(directory, meta)
    return meta


@contextmanager
def code_trusted(trust: bool = True) -> Iterator[None]:
    """Within this block (this thread/task only), `load_checkpoint` without `trust_code=` uses `trust`."""
    token = _TRUST_CODE.set(trust)
    try:
        yield
    finally:
        _TRUST_CODE.reset(token)


def _refuse_untrusted(directory: Path, meta: dict[str, Any], trust_code: bool) -> None:
    if not trust_code:
        raise CnnlabError(
            f"{directory}: the model is Python code (module {meta['model']['module']!r}); loading it runs that "
            f"code: {TRUST_HINT}"
        )


def checkpoint_dir(path: Path) -> Path:
    """Accept the folder, its model.json or its model.safetensors."""
    path = Path(path).expanduser()
    if path.is_file() and path.name in (WEIGHTS, META):
        return path.parent
    if path.is_dir():
        return path
    raise CnnlabError(f"checkpoint {path} not found")


def _copy_source(directory: Path, model: nn.Module, info: dict[str, Any]) -> dict[str, Any]:
    """A custom model's module file, copied beside its weights and recorded with its sha256."""
    try:
        source = inspect.getsourcefile(type(model))
        code = Path(source).read_bytes() if source else None
    except (TypeError, OSError):
        code = None
    if code is None:
        raise CnnlabError(f"cannot save model {info['model']['module']!r}: its source file cannot be read")
    module = info["model"]["module"].rpartition(":")[0]
    name = Path(module).name if module.endswith(".py") else f"{module.rsplit('.', 1)[-1]}.py"
    atomic_write_bytes(Path(directory) / name, code)
    return {**info, "model": {**info["model"], "source": {"file": name, "sha256": hashlib.sha256(code).hexdigest()}}}


def save_checkpoint(directory: Path, model: nn.Module, info: dict[str, Any]) -> Path:
    """`info` holds model/data/config/metrics sections; this adds format, version and time.

    A `module:Class` model also gets its module's source file copied into the folder (see `load_checkpoint`).
    """
    if is_custom(info):
        info = _copy_source(directory, model, info)
    meta = {"format": FORMAT, "cnnlab_version": __version__, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **info}
    return write_pair(Path(directory), "model", model.state_dict(), meta)


def load_checkpoint(
    path: Path, device: torch.device | str = "cpu", trust_code: bool | None = None
) -> tuple[nn.Module, dict[str, Any]]:
    """Rebuild the model from the JSON, load its weights; every failure is a one-line CnnlabError.

    A `module:Class` model is Python code: it is imported only with `trust_code=True`, from the copy of
    its source saved in the checkpoint (by file path, checksum checked), or, for a checkpoint saved
    before copies were kept, by module name from the installed packages (never from the current folder).
    `trust_code=None` means False, unless inside a `code_trusted()` block.
    """
    trust_code = _TRUST_CODE.get() if trust_code is None else trust_code
    from cnnlab.models import build_model
    from cnnlab.models.build import load_custom

    directory = checkpoint_dir(path)
    meta = read_meta(directory)
    check_meta(directory, meta)
    if is_custom(meta):
        _refuse_untrusted(directory, meta, trust_code)
    tensors = _tensors(*_checked_weights(directory, meta, "model"))
    m = meta["model"]
    if is_custom(meta):
        model = load_custom(m["module"], len(m["classes"]), source=_custom_source(directory, meta))
    else:
        model = build_model(m["spec"], tuple(m["input_shape"]), len(m["classes"]))
    check_finite(directory / WEIGHTS, tensors)
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
    if not path.exists() and not path.is_symlink():
        return None
    blob = read_regular(path, "training state")
    try:
        header_len = int.from_bytes(blob[:8], "little")
        meta = json.loads(json.loads(blob[8 : 8 + header_len])["__metadata__"]["cnnlab"])
        tensors = st_load(blob)
    except (OSError, ValueError, KeyError, TypeError, SafetensorError) as e:
        raise CnnlabError(f"{path}: unreadable training state ({type(e).__name__}: {e})") from None
    return unflatten_state(meta["state"], tensors)
