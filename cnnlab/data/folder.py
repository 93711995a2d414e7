"""Image-folder data sets: one sub-folder of images per class, read with Pillow.

Either `root/train/<class>/*` and `root/test/<class>/*`, or just `root/<class>/*` (a seeded,
stratified test split is then taken off). Images (.png, .jpg, .jpeg, .bmp, .gif, .webp; the first
frame of an animation) are converted to RGB or L, resized bilinearly to one size, and stacked into
uint8 tensors. Class order is the sorted folder names; hidden files and folders are skipped.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from cnnlab.data.split import stratified_split
from cnnlab.data.types import Dataset, ImageSet
from cnnlab.errors import CnnlabError

EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
MAX_IMAGE_PIXELS = 4096 * 4096  # a data set image larger than this is refused before a pixel is decoded


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _class_folders(folder: Path) -> dict[str, Path]:
    classes = {p.name: p for p in _visible(folder) if p.is_dir()}
    if not classes:
        raise CnnlabError(f"no class folders in {folder} (expected {folder}/<class>/<image files>)")
    return classes


def _image_files(folder: Path) -> list[Path]:
    files = _visible(folder)
    for path in files:
        if not path.is_file() or path.suffix.lower() not in EXTENSIONS:
            raise CnnlabError(f"{path} is not an image file (expected one of: {', '.join(EXTENSIONS)})")
    if not files:
        raise CnnlabError(f"class folder {folder} has no images")
    return files


def _load(path: Path, mode: str, size: tuple[int, int] | None) -> np.ndarray:
    """(H, W) or (H, W, 3) uint8; `size` is (height, width), or None to keep the image's own size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower limit is below
            opened = Image.open(path)
        with opened as image:
            width, height = image.size  # only the header is read so far
            if width * height > MAX_IMAGE_PIXELS:
                raise CnnlabError(f"image {path} is {width}x{height} pixels, more than the limit of "
                                  f"{MAX_IMAGE_PIXELS:,} for a data set image; resize it first")
            image = image.convert(mode)
            if size is not None and image.size != (size[1], size[0]):
                image = image.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            return np.asarray(image, dtype=np.uint8)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        raise CnnlabError(f"cannot read image {path}: {e}") from None


def _two_classes(classes: list[str], folder: Path) -> list[str]:
    if len(classes) < 2:
        raise CnnlabError(f"{folder} has one class folder ({classes[0]!r}): a classifier needs at least 2 classes")
    return classes


def _read_split(
    folders: dict[str, Path], classes: list[str], mode: str, size: tuple[int, int] | None
) -> tuple[list[np.ndarray], list[int], tuple[int, int] | None]:
    images: list[np.ndarray] = []
    labels: list[int] = []
    for name, folder in folders.items():
        for path in _image_files(folder):
            images.append(_load(path, mode, size))
            labels.append(classes.index(name))
            size = size or images[0].shape[:2]  # the first image sets the size of all others
    return images, labels, size


def _image_set(images: list[np.ndarray], labels: list[int]) -> ImageSet:
    stacked = np.stack(images)
    stacked = stacked[:, None] if stacked.ndim == 3 else stacked.transpose(0, 3, 1, 2)
    return ImageSet(torch.from_numpy(np.ascontiguousarray(stacked)), torch.tensor(labels, dtype=torch.int64))


def load_image_folder(
    root: Path,
    size: tuple[int, int] | None = None,
    grayscale: bool = False,
    test_fraction: float = 0.2,
    seed: int = 0,
) -> Dataset:
    """Reads the images under `root` into a `Dataset` named after the folder.

    `size` is (height, width); by default the size of the first image (first class, first file by
    name). `test_fraction` and `seed` only apply when `root` has no train/ and test/ folders.
    """
    root = Path(root)
    if not root.is_dir():
        raise CnnlabError(f"image folder {root} does not exist")
    if size is not None and (len(size) != 2 or min(size) < 1):
        raise CnnlabError(f"image size must be (height, width) with both at least 1, got {size}")
    mode = "L" if grayscale else "RGB"
    train_dir, test_dir = root / "train", root / "test"
    if train_dir.is_dir() or test_dir.is_dir():
        if not (train_dir.is_dir() and test_dir.is_dir()):
            raise CnnlabError(f"{root} has only one of train/ and test/: give it both, or only class folders")
        train_folders, test_folders = _class_folders(train_dir), _class_folders(test_dir)
        classes = sorted(train_folders)
        for name, folder in test_folders.items():
            if name not in train_folders:
                raise CnnlabError(f"test class folder {folder} has no counterpart in {train_dir}")
        _two_classes(classes, train_dir)
        images, labels, size = _read_split(train_folders, classes, mode, size)
        test_images, test_labels, _ = _read_split(test_folders, classes, mode, size)
        train, test = _image_set(images, labels), _image_set(test_images, test_labels)
    else:
        if not 0 < test_fraction < 1:
            raise CnnlabError(f"test fraction must be between 0 and 1, got {test_fraction}")
        folders = _class_folders(root)
        classes = sorted(folders)
        images, labels, _ = _read_split(folders, classes, mode, size)
        everything = _image_set(images, labels)
        keep, held = stratified_split(everything.labels, test_fraction, seed)
        if len(held) == 0 or len(keep) == 0:
            raise CnnlabError(
                f"{root} has too few images ({len(everything)}) to split off {test_fraction} for testing"
            )
        _two_classes(classes, root)
        train, test = everything.subset(keep), everything.subset(held)
    return Dataset(name=root.resolve().name, classes=tuple(classes), train=train, test=test)
