"""Turn a user's photo, scan or drawing of a digit into an MNIST-like 28x28 input.

`load_image` opens any image Pillow can read (checking its declared size before decoding it), applies
the EXIF orientation and flattens it to 8-bit grayscale. `mnist_style` then prepares the digit the way
the MNIST digits were prepared: white ink on black, cropped to the ink, scaled so the longer side is
20 pixels and placed in a 28x28 field with its centre of mass at the centre. `to_model_input`
normalises the result for a model.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from itertools import pairwise
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

from cnnlab.errors import CnnlabError

MAX_PIXELS = 40_000_000
UPLOADED = "uploaded image"
# `load_image` records where an image came from here, so later errors can name the file.
SOURCE_KEY = "cnnlab_source"

MIN_CONTRAST = 0.08  # ink must differ from the paper by this much (on a 0..1 scale) to count as ink
BOX_THRESHOLD = 0.2  # pixels at least this bright (after normalising the ink to 0..1) set the crop box
DIGIT_SIZE = 20
CANVAS_SIZE = 28

# What Pillow's decoders raise for corrupt or truncated data.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, zlib.error)


def load_image(source: Path | bytes, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Read an image file (or the bytes of an upload) as an upright 8-bit grayscale ("L") image.

    Raises `CnnlabError`, naming the file, for a missing or empty file, a directory, something that is
    not an image, a corrupt or truncated image, or one declaring more than `max_pixels` pixels.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        name, data = UPLOADED, bytes(source)
        if not data:
            raise CnnlabError(f"{name} is empty")
        stream: Path | io.BytesIO = io.BytesIO(data)
    else:
        path = Path(source)
        name = f"image file {str(path)!r}"
        try:
            if path.is_dir():
                raise CnnlabError(f"{name} is a directory, not an image")
            if not path.exists():
                raise CnnlabError(f"{name} does not exist")
            if not path.is_file():  # a FIFO or a device would block or never end
                raise CnnlabError(f"{name} is not a regular file")
            if path.stat().st_size == 0:
                raise CnnlabError(f"{name} is empty")
        except OSError as exc:  # e.g. inside a folder we may not enter
            raise CnnlabError(f"{name} cannot be read: {exc.strerror or exc}") from None
        stream = path

    with warnings.catch_warnings():
        # Our own, lower limit is checked below; Pillow's warning would only be noise.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            opened = Image.open(stream)
        except UnidentifiedImageError:
            raise CnnlabError(f"{name} is not an image in a format Pillow can read") from None
        except Image.DecompressionBombError:
            raise CnnlabError(f"{name} declares too many pixels to decode safely") from None
        except OSError as exc:
            raise CnnlabError(f"{name} cannot be read: {exc.strerror or exc}") from None
        except _DECODE_ERRORS as exc:
            raise CnnlabError(f"{name} is not a valid image: {exc}") from None

    with opened as image:
        # `Image.open` has only read the header, so this check happens before any pixel is decoded.
        width, height = image.size
        if width * height > max_pixels:
            raise CnnlabError(
                f"{name} is {width}x{height} pixels, more than the limit of {max_pixels:,}; resize it first"
            )
        try:
            image.load()
        except Image.DecompressionBombError:
            raise CnnlabError(f"{name} declares too many pixels to decode safely") from None
        except _DECODE_ERRORS as exc:
            raise CnnlabError(f"{name} is corrupt or truncated: {exc}") from None
        try:
            upright = ImageOps.exif_transpose(image)
        except Exception:  # a broken EXIF block should not stop an otherwise readable image
            upright = image.copy()
        gray = _to_gray(upright, name)
    gray.info[SOURCE_KEY] = name
    return gray


def _to_gray(image: Image.Image, name: str = "image") -> Image.Image:
    """Flatten any Pillow mode to 8-bit grayscale ("L"), compositing transparency and scaling deep images."""
    mode = image.mode
    if mode == "L":
        return image.copy()
    if mode.startswith("I") or mode == "F":
        return Image.fromarray(_deep_to_uint8(np.asarray(image), mode), "L")
    if mode == "La":
        image = image.convert("LA")
    if image.has_transparency_data:
        return _composite(image.convert("RGBA"))
    if mode == "LAB":
        return image.getchannel("L")
    try:
        return image.convert("RGB").convert("L")
    except ValueError:
        raise CnnlabError(f"{name} has an unsupported pixel mode {mode!r}") from None


def _deep_to_uint8(values: np.ndarray, mode: str) -> np.ndarray:
    """Scale 16-bit, 32-bit integer or float pixels to 0..255 (scaled, never clipped)."""
    a = np.nan_to_num(values.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    lo, hi = (float(a.min()), float(a.max())) if a.size else (0.0, 0.0)
    if mode.startswith("I;16"):
        a = a / 257.0
    elif mode == "F" and lo >= 0.0 and hi <= 1.0:  # float images are usually 0..1
        a = a * 255.0
    elif lo >= 0.0 and hi <= 255.0:
        pass
    elif lo >= 0.0 and hi <= 65535.0:  # a 16-bit image that Pillow opened as 32-bit "I"
        a = a / 257.0
    else:
        a = (a - lo) * (255.0 / (hi - lo))
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def _composite(rgba: Image.Image) -> Image.Image:
    """Flatten transparency over a background that matches the picture.

    Mostly opaque pictures (a photo with a transparent corner) go over white paper. A mostly
    transparent picture is ink drawn on nothing: the transparency is the background, so it becomes
    white under dark ink and black under light ink.
    """
    alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0
    gray = np.asarray(rgba.convert("L"), dtype=np.float32)
    opaque = alpha >= 0.5
    background = 255.0
    if opaque.any() and opaque.mean() < 0.5 and np.median(gray[opaque]) >= 128:
        background = 0.0
    flat = gray * alpha + background * (1.0 - alpha)
    return Image.fromarray(np.clip(np.rint(flat), 0, 255).astype(np.uint8), "L")


def mnist_style(image: Image.Image, invert: bool | None = None) -> np.ndarray:
    """Prepare a digit like MNIST: float32 (28, 28) in [0, 1], white ink on black.

    `invert` forces the polarity (True: dark ink on light paper); None detects it. The paper is
    subtracted, the ink cropped, scaled to 20 pixels on its longer side and placed with its centre of
    mass at (14, 14). Raises `CnnlabError` if the image contains no ink.
    """
    name = image.info.get(SOURCE_KEY, "image")
    gray = np.asarray(_to_gray(image, name), dtype=np.float32) / 255.0
    if invert is None:
        invert = _dark_ink(gray)
    ink = _suppress_background(1.0 - gray if invert else gray, name)

    rows, cols = np.nonzero(ink >= BOX_THRESHOLD)
    ink = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]

    height, width = ink.shape
    scale = DIGIT_SIZE / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = Image.fromarray(ink, "F").resize(size, Image.Resampling.LANCZOS)
    digit = np.clip(np.asarray(small, dtype=np.float32), 0.0, 1.0)
    if digit.max() <= 0.0:  # a speck that vanished in the resize
        raise CnnlabError(f"{name} contains no ink big enough to read as a digit")
    digit /= digit.max()  # resizing thin strokes dims them; MNIST strokes peak at full white

    total = digit.sum()
    ys, xs = np.indices(digit.shape)
    centre_y, centre_x = (ys * digit).sum() / total, (xs * digit).sum() / total
    half = CANVAS_SIZE // 2
    top = int(np.clip(round(half - centre_y), 0, CANVAS_SIZE - digit.shape[0]))
    left = int(np.clip(round(half - centre_x), 0, CANVAS_SIZE - digit.shape[1]))
    canvas = np.zeros((CANVAS_SIZE, CANVAS_SIZE), dtype=np.float32)
    canvas[top : top + digit.shape[0], left : left + digit.shape[1]] = digit
    return canvas


def _dark_ink(gray: np.ndarray) -> bool:
    """Whether the ink is darker than the paper.

    The paper's level is the median of the border. The ink is whichever side strays furthest from it:
    on a box-averaged copy, which calms noise, while uneven lighting strays much less than ink does.
    """
    small = Image.fromarray(gray, "F")
    longest = max(small.size)
    if longest > 256:
        size = (max(1, small.width * 256 // longest), max(1, small.height * 256 // longest))
        small = small.resize(size, Image.Resampling.BOX)
    a = np.asarray(small)
    paper = float(np.median(np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])))
    return paper - float(a.min()) > float(a.max()) - paper


def _suppress_background(x: np.ndarray, name: str) -> np.ndarray:
    """Remove the (possibly unevenly lit, noisy) paper from `x`, where ink is bright; ink's max becomes 1."""
    residual = x - _paper_level(x)
    # Robust noise floor: the typical residual plus four robust standard deviations. Ink rarely covers
    # more than a quarter of the picture, so the median and MAD describe the paper.
    median = float(np.median(residual))
    spread = 1.4826 * float(np.median(np.abs(residual - median)))
    floor = median + 4.0 * spread
    peak = float(residual.max())
    if peak - floor < MIN_CONTRAST:
        raise CnnlabError(f"{name} contains no ink: it is blank or has too little contrast to find a digit")
    return np.clip((residual - floor) / (peak - floor), 0.0, 1.0).astype(np.float32)


def _paper_level(x: np.ndarray, grid: int = 8) -> np.ndarray:
    """A smooth estimate of the paper under the ink (ink is bright), following uneven lighting.

    Median of each cell of a coarse grid, then the darkest of each 3x3 block of cells, so a cell that
    a stroke covers takes its neighbours' level; interpolated back to full size.
    """
    height, width = x.shape
    ys = np.linspace(0, height, min(grid, height) + 1).astype(int)
    xs = np.linspace(0, width, min(grid, width) + 1).astype(int)
    cells = np.array(
        [[np.median(x[y0:y1, x0:x1]) for x0, x1 in pairwise(xs)] for y0, y1 in pairwise(ys)], dtype=np.float32
    )
    padded = np.pad(cells, 1, mode="edge")
    rows, cols = cells.shape
    darkest = np.min([padded[dy : dy + rows, dx : dx + cols] for dy in range(3) for dx in range(3)], axis=0)
    return np.asarray(Image.fromarray(darkest, "F").resize((width, height), Image.Resampling.BILINEAR))


def to_model_input(digit28: np.ndarray, mean: float, std: float) -> torch.Tensor:
    """A (1, 1, 28, 28) float32 tensor of `(digit28 - mean) / std`, ready for a model trained on MNIST."""
    if digit28.shape != (CANVAS_SIZE, CANVAS_SIZE):
        raise ValueError(f"expected a 28x28 digit, got shape {digit28.shape}")
    if not std > 0:
        raise ValueError(f"std must be positive, got {std}")
    normalised = (np.asarray(digit28, dtype=np.float32) - np.float32(mean)) / np.float32(std)
    return torch.from_numpy(normalised).reshape(1, 1, CANVAS_SIZE, CANVAS_SIZE)
