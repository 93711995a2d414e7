"""Tests for turning a user's image of a digit into an MNIST-like 28x28 input, using real image files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw, ImageFile

from cnnlab.data.preprocess import load_image, mnist_style, to_model_input
from cnnlab.errors import CnnlabError

SIZE = (300, 200)
BAR = (40, 30, 70, 150)  # a "1": 31 wide, 121 tall, well off-centre
DASH = (60, 120, 220, 144)  # a "-": 161 wide, 25 tall


def _drawing(ink: int = 0, paper: int = 255, box: tuple[int, int, int, int] = BAR) -> Image.Image:
    image = Image.new("RGB", SIZE, (paper,) * 3)
    ImageDraw.Draw(image).rectangle(box, fill=(ink,) * 3)
    return image


def _save(tmp_path: Path, name: str, image: Image.Image, **options: object) -> Path:
    path = tmp_path / name
    image.save(path, **options)
    return path


def _box(digit: np.ndarray, level: float = 0.1) -> tuple[int, int]:
    """(height, width) of the bounding box of pixels brighter than `level`."""
    rows, cols = np.nonzero(digit > level)
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def _centre(digit: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(digit.shape)
    return float((ys * digit).sum() / digit.sum()), float((xs * digit).sum() / digit.sum())


def _assert_upright_bar(digit: np.ndarray) -> None:
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert digit.max() == pytest.approx(1.0, abs=1e-6) and digit.min() >= 0.0
    height, width = _box(digit)
    assert height == 20 and width < height
    cy, cx = _centre(digit)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    assert digit[:3].max() < 0.05 and digit[-3:].max() < 0.05  # background stays black


@pytest.fixture
def reference(tmp_path: Path) -> np.ndarray:
    return mnist_style(load_image(_save(tmp_path, "ref.png", _drawing())))


def test_dark_ink_on_white_paper(reference: np.ndarray) -> None:
    _assert_upright_bar(reference)


def test_light_ink_on_black_gives_the_same_digit(tmp_path: Path, reference: np.ndarray) -> None:
    digit = mnist_style(load_image(_save(tmp_path, "chalk.png", _drawing(ink=255, paper=0))))
    np.testing.assert_allclose(digit, reference, atol=0.02)


def test_forced_polarity_matches_detection(tmp_path: Path, reference: np.ndarray) -> None:
    image = load_image(_save(tmp_path, "ref.png", _drawing()))
    np.testing.assert_allclose(mnist_style(image, invert=True), reference, atol=1e-6)


def test_jpeg(tmp_path: Path, reference: np.ndarray) -> None:
    digit = mnist_style(load_image(_save(tmp_path, "digit.jpg", _drawing(), quality=75)))
    _assert_upright_bar(digit)
    assert np.abs(digit - reference).mean() < 0.02


def test_bytes_upload(tmp_path: Path, reference: np.ndarray) -> None:
    data = _save(tmp_path, "up.png", _drawing()).read_bytes()
    np.testing.assert_allclose(mnist_style(load_image(data)), reference, atol=1e-6)


def test_wide_digit_keeps_its_aspect_ratio(tmp_path: Path) -> None:
    digit = mnist_style(load_image(_save(tmp_path, "dash.png", _drawing(box=DASH))))
    height, width = _box(digit)
    assert width == 20 and 2 <= height <= 4
    cy, cx = _centre(digit)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5


@pytest.mark.parametrize("ink", [0, 255])
def test_rgba_ink_on_transparent_background(tmp_path: Path, reference: np.ndarray, ink: int) -> None:
    image = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle(BAR, fill=(ink, ink, ink, 255))
    digit = mnist_style(load_image(_save(tmp_path, "canvas.png", image)))
    np.testing.assert_allclose(digit, reference, atol=0.02)


def test_mostly_opaque_rgba_goes_over_white(tmp_path: Path, reference: np.ndarray) -> None:
    image = _drawing().convert("RGBA")
    ImageDraw.Draw(image).rectangle((0, 0, 20, 20), fill=(0, 0, 0, 0))  # a transparent corner
    digit = mnist_style(load_image(_save(tmp_path, "corner.png", image)))
    np.testing.assert_allclose(digit, reference, atol=0.02)


def test_palette_image_with_transparency(tmp_path: Path, reference: np.ndarray) -> None:
    image = Image.new("P", SIZE, 0)
    image.putpalette([255, 255, 255, 0, 0, 0])
    ImageDraw.Draw(image).rectangle(BAR, fill=1)
    path = _save(tmp_path, "palette.png", image, transparency=0)
    assert Image.open(path).mode == "P"
    np.testing.assert_allclose(mnist_style(load_image(path)), reference, atol=0.02)


def test_16_bit_grayscale_is_scaled_not_clipped(tmp_path: Path, reference: np.ndarray) -> None:
    pixels = np.full(SIZE[::-1], 1000, dtype=np.uint16)
    x0, y0, x1, y1 = BAR
    pixels[y0 : y1 + 1, x0 : x1 + 1] = 60000
    path = _save(tmp_path, "deep.png", Image.fromarray(pixels))
    assert Image.open(path).mode == "I;16"
    image = load_image(path)
    assert image.mode == "L"
    values = np.asarray(image)
    assert values[0, 0] == round(1000 / 257) and values[y0, x0] == round(60000 / 257)
    np.testing.assert_allclose(mnist_style(image), reference, atol=0.02)


@pytest.mark.parametrize(
    ("mode", "name"),
    [("1", "bilevel.png"), ("LA", "la.png"), ("CMYK", "cmyk.jpg"), ("I", "int.tif"), ("F", "float.tif")],
)
def test_other_modes(tmp_path: Path, mode: str, name: str) -> None:
    drawing = _drawing().convert("L")
    if mode == "I":
        image = Image.fromarray(np.asarray(drawing).astype(np.int32) * 257)  # 16-bit range in 32 bits
    elif mode == "F":
        image = Image.fromarray(np.asarray(drawing).astype(np.float32) / 255)  # 0..1 floats
    else:
        image = drawing.convert(mode)
    path = _save(tmp_path, name, image)
    assert Image.open(path).mode == mode
    loaded = load_image(path)
    assert loaded.mode == "L" and loaded.size == SIZE
    _assert_upright_bar(mnist_style(loaded))


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90 degrees clockwise to view
    path = _save(tmp_path, "phone.jpg", _drawing(box=DASH), exif=exif)
    image = load_image(path)
    assert image.size == SIZE[::-1]
    height, width = _box(mnist_style(image))
    assert height == 20 and width <= 4  # the dash was photographed sideways: it is a "1"


def test_uneven_noisy_photo_background_is_removed(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    paper = 0.62 + 0.25 * xs / SIZE[0] + 0.08 * ys / SIZE[1] + rng.normal(0, 0.03, xs.shape)
    x0, y0, x1, y1 = BAR
    paper[y0 : y1 + 1, x0 : x1 + 1] = 0.2 + rng.normal(0, 0.03, (y1 - y0 + 1, x1 - x0 + 1))
    gray = (np.clip(paper, 0, 1) * 255).round().astype(np.uint8)
    path = _save(tmp_path, "photo.jpg", Image.fromarray(gray).convert("RGB"), quality=85)

    digit = mnist_style(load_image(path))
    _assert_upright_bar(digit)
    rows, cols = np.nonzero(digit > 0.5)
    outside = np.ones_like(digit, dtype=bool)
    outside[rows.min() - 1 : rows.max() + 2, cols.min() - 1 : cols.max() + 2] = False
    assert digit[outside].mean() < 0.05 and digit[outside].max() < 0.3
    assert digit[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].mean() > 0.6


def test_to_model_input() -> None:
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[14, 14] = 1.0
    tensor = to_model_input(digit, mean=0.1307, std=0.3081)
    assert tensor.shape == (1, 1, 28, 28) and tensor.dtype == torch.float32
    assert tensor[0, 0, 0, 0].item() == pytest.approx(-0.1307 / 0.3081, rel=1e-6)
    assert tensor[0, 0, 14, 14].item() == pytest.approx((1 - 0.1307) / 0.3081, rel=1e-6)


# --- errors: each names the file (or "uploaded image") and the problem ---


def _error(source: Path | bytes, **kwargs: int) -> str:
    with pytest.raises(CnnlabError) as info:
        mnist_style(load_image(source, **kwargs))
    message = str(info.value)
    assert "\n" not in message
    return message


def _png_header(width: int, height: int) -> bytes:
    """A PNG (8-bit grayscale) declaring the given size, with pixel data for one row only."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = zlib.compress(bytes(width + 1))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.png"
    message = _error(path)
    assert str(path) in message and "does not exist" in message


def test_directory(tmp_path: Path) -> None:
    message = _error(tmp_path)
    assert str(tmp_path) in message and "directory" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    message = _error(path)
    assert str(path) in message and "empty" in message


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture\n")
    message = _error(path)
    assert str(path) in message and "not an image" in message


def test_truncated_png(tmp_path: Path) -> None:
    noise = np.random.default_rng(1).integers(0, 256, (200, 200, 3), dtype=np.uint8)
    data = _save(tmp_path, "full.png", Image.fromarray(noise)).read_bytes()
    path = tmp_path / "half.png"
    path.write_bytes(data[: len(data) // 2])
    message = _error(path)
    assert str(path) in message and "truncated" in message


def test_huge_size_is_rejected_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header(100_000, 100_000))  # over Pillow's own bomb limit
    message = _error(path)
    assert str(path) in message and "too many pixels" in message
    path.write_bytes(_png_header(8000, 6000))  # under Pillow's limit, over ours
    message = _error(path)
    assert str(path) in message and "8000x6000" in message


def test_max_pixels_is_configurable(tmp_path: Path) -> None:
    path = _save(tmp_path, "ref.png", _drawing())
    message = _error(path, max_pixels=1000)
    assert str(path) in message and "300x200" in message
    assert load_image(path, max_pixels=300 * 200).size == SIZE


def test_blank_image_has_no_ink(tmp_path: Path) -> None:
    path = _save(tmp_path, "blank.png", Image.new("RGB", SIZE, "white"))
    message = _error(path)
    assert str(path) in message and "no ink" in message


def test_noisy_blank_photo_has_no_ink(tmp_path: Path) -> None:
    noise = np.random.default_rng(2).normal(200, 6, SIZE[::-1]).clip(0, 255).astype(np.uint8)
    path = _save(tmp_path, "paper.jpg", Image.fromarray(noise))
    assert "no ink" in _error(path)


@pytest.mark.parametrize(("data", "problem"), [(b"", "empty"), (b"GIF89a garbage", "not an image")])
def test_bad_upload(data: bytes, problem: str) -> None:
    message = _error(data)
    assert "uploaded image" in message and problem in message
