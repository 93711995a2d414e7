"""MNIST: shipped inside the package (byte-identical to the original files), or read from a user's disk."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cnnlab.data.idx import read_idx
from cnnlab.errors import CnnlabError

if TYPE_CHECKING:
    from cnnlab.data.types import Dataset

# sha256 of the uncompressed files (shared/data/mnist/README.md); md5s are what other loaders publish.
FILES = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
CLASSES = tuple(str(d) for d in range(10))


def bundled_dir() -> Path:
    return Path(str(resources.files("cnnlab.data") / "files" / "mnist"))


def find_file(root: Path, name: str) -> Path:
    # torchvision keeps them in root/MNIST/raw; plain copies sit in root itself
    for folder in (root, root / "MNIST" / "raw", root / "mnist"):
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.is_file():
                return candidate
    raise CnnlabError(f"MNIST file {name}[.gz] not found under {root} (expected: {', '.join(FILES)})")


def mnist_files(root: Path | None = None) -> list[Path]:
    """The four files `load_mnist(root)` reads (a CnnlabError names a missing one)."""
    return [find_file(root or bundled_dir(), name) for name in FILES]


def load_mnist(root: Path | None = None) -> Dataset:
    """The bundled copy by default; files under `root` are checksum-verified (the bundle is trusted)."""
    verify = root is not None
    paths = mnist_files(root)  # the same lookup that names the files to read ahead, so their keys match
    arrays = {name: read_idx(path, sha if verify else None)
              for (name, sha), path in zip(FILES.items(), paths, strict=True)}
    import torch  # here, not at import: the CLI names these files before torch loads (cnnlab/data/prefetch.py)

    from cnnlab.data.types import Dataset, ImageSet

    def split(prefix: str) -> ImageSet:
        images = torch.from_numpy(arrays[f"{prefix}-images-idx3-ubyte"].copy()).unsqueeze(1)
        labels = torch.from_numpy(arrays[f"{prefix}-labels-idx1-ubyte"].astype("int64"))
        return ImageSet(images, labels)

    return Dataset("mnist", CLASSES, split("train"), split("t10k"))
