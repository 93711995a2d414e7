"""load_image_folder on real PNG and JPEG files written with Pillow."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from cnnlab.data.folder import load_image_folder
from cnnlab.errors import CnnlabError


def write_image(path: Path, color: tuple[int, int, int], size: tuple[int, int] = (8, 6)) -> None:
    """A solid `color` image of `size` (height, width), with a white pixel at row 1, column 2."""
    pixels = np.empty((*size, 3), dtype=np.uint8)
    pixels[:] = color
    pixels[1, 2] = 255
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(path)


COLORS = {"cat": (200, 10, 10), "dog": (10, 200, 10), "emu": (10, 10, 200)}


def write_flat(root: Path, per_class: int = 10) -> None:
    for name, color in COLORS.items():
        for i in range(per_class):
            write_image(root / name / f"{i:02d}.png", color)


def test_flat_layout_is_split_stratified_and_seeded(tmp_path: Path) -> None:
    root = tmp_path / "shapes"
    write_flat(root)
    ds = load_image_folder(root)
    assert ds.name == "shapes" and ds.classes == ("cat", "dog", "emu")
    assert ds.train.images.shape == (24, 3, 8, 6) and ds.test.images.shape == (6, 3, 8, 6)
    assert ds.train.images.dtype == torch.uint8 and ds.train.labels.dtype == torch.int64
    assert torch.bincount(ds.test.labels).tolist() == [2, 2, 2]
    assert torch.bincount(ds.train.labels).tolist() == [8, 8, 8]
    # each label's images carry that class's colour; the white pixel is at (row 1, column 2)
    for images, labels in ((ds.train.images, ds.train.labels), (ds.test.images, ds.test.labels)):
        for image, label in zip(images, labels, strict=True):
            color = COLORS[ds.classes[int(label)]]
            assert image[:, 0, 0].tolist() == list(color)
            assert image[:, 1, 2].tolist() == [255, 255, 255]
    again = load_image_folder(root)
    assert torch.equal(again.test.images, ds.test.images) and torch.equal(again.test.labels, ds.test.labels)
    other = load_image_folder(root, seed=1, test_fraction=0.5)
    assert len(other.test) == 15 and torch.bincount(other.test.labels).tolist() == [5, 5, 5]


def test_seed_changes_which_images_are_held_out(tmp_path: Path) -> None:
    root = tmp_path / "set"
    for i in range(10):  # images told apart by their colour
        write_image(root / "a" / f"{i}.png", (i * 20, 0, 0))
        write_image(root / "b" / f"{i}.png", (0, i * 20, 0))

    def held(seed: int) -> list[int]:
        return load_image_folder(root, seed=seed).test.images[:, :2, 0, 0].sum(1).tolist()

    assert held(0) == held(0)
    assert any(held(0) != held(seed) for seed in (1, 2, 3))


def test_train_test_layout_with_jpeg_and_png(tmp_path: Path) -> None:
    root = tmp_path / "pets"
    for split, n in (("train", 4), ("test", 2)):
        for name, color in COLORS.items():
            for i in range(n):
                write_image(root / split / name / f"{i}.{'jpg' if i % 2 else 'png'}", color)
    ds = load_image_folder(root, test_fraction=0.9)  # ignored: the split is given
    assert ds.classes == ("cat", "dog", "emu")
    assert len(ds.train) == 12 and len(ds.test) == 6
    assert ds.train.labels.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    assert ds.test.labels.tolist() == [0, 0, 1, 1, 2, 2]
    jpeg = ds.train.images[1]  # 1.jpg of "cat": lossy, so only close to the colour
    assert (jpeg[:, 5, 0].to(torch.int32) - torch.tensor(COLORS["cat"])).abs().max() <= 12
    assert ds.train.images[0, :, 0, 0].tolist() == list(COLORS["cat"])  # 0.png: exact


def test_grayscale_and_resize(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_flat(root, per_class=5)
    ds = load_image_folder(root, size=(4, 3), grayscale=True)
    assert ds.train.images.shape[1:] == (1, 4, 3) and ds.test.images.shape[1:] == (1, 4, 3)
    expected = Image.new("RGB", (1, 1), COLORS["cat"]).convert("L").getpixel((0, 0))
    assert int(ds.train.images[0, 0, 3, 0]) == expected  # away from the white pixel


def test_other_sizes_are_resized_to_the_first(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_image(root / "a" / "0.png", (50, 60, 70), size=(10, 12))
    write_image(root / "a" / "1.png", (50, 60, 70), size=(20, 30))
    write_image(root / "b" / "0.png", (1, 2, 3), size=(5, 5))
    write_image(root / "b" / "1.png", (1, 2, 3), size=(10, 12))
    ds = load_image_folder(root, test_fraction=0.5)
    assert ds.input_shape == (3, 10, 12)
    images = torch.cat([ds.train.images, ds.test.images])
    labels = torch.cat([ds.train.labels, ds.test.labels])
    assert images.shape == (4, 3, 10, 12)
    for image, label in zip(images, labels, strict=True):  # a corner, far from the white pixel
        assert image[:, -1, -1].tolist() == ([50, 60, 70] if label == 0 else [1, 2, 3])


def test_hidden_files_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_flat(root, per_class=5)
    (root / "cat" / ".DS_Store").write_bytes(b"\0\1")
    (root / ".cache").mkdir()
    assert load_image_folder(root).classes == ("cat", "dog", "emu")


def test_class_folder_without_images(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_flat(root, per_class=5)
    (root / "yak").mkdir()
    with pytest.raises(CnnlabError, match=f"class folder {root / 'yak'} has no images"):
        load_image_folder(root)


def test_non_image_file_is_named(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_flat(root, per_class=5)
    (root / "dog" / "notes.txt").write_text("hi")
    with pytest.raises(CnnlabError, match=r"notes\.txt is not an image file"):
        load_image_folder(root)


def test_corrupt_image_is_named(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_flat(root, per_class=5)
    (root / "dog" / "02.png").write_bytes(b"this is no png")
    with pytest.raises(CnnlabError, match=r"cannot read image .*dog/02\.png"):
        load_image_folder(root)


def test_truncated_image_is_named(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_flat(root, per_class=5)
    path = root / "emu" / "03.png"
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(CnnlabError, match=r"cannot read image .*emu/03\.png"):
        load_image_folder(root)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root.mkdir(), "no class folders in"),
        (lambda root: None, "does not exist"),
        (lambda root: write_image(root / "train" / "a" / "0.png", (0, 0, 0)), "only one of train/ and test/"),
        (lambda root: write_image(root / "a" / "0.png", (0, 0, 0)), "too few images"),
    ],
)
def test_layout_errors(tmp_path: Path, make, message: str) -> None:
    root = tmp_path / "set"
    make(root)
    with pytest.raises(CnnlabError, match=message):
        load_image_folder(root)


def test_test_class_missing_from_train(tmp_path: Path) -> None:
    root = tmp_path / "set"
    write_image(root / "train" / "a" / "0.png", (0, 0, 0))
    write_image(root / "test" / "a" / "0.png", (0, 0, 0))
    write_image(root / "test" / "b" / "0.png", (0, 0, 0))
    with pytest.raises(CnnlabError, match=f"{root / 'test' / 'b'} has no counterpart"):
        load_image_folder(root)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1])
def test_bad_test_fraction(tmp_path: Path, fraction: float) -> None:
    write_flat(tmp_path / "set", per_class=2)
    with pytest.raises(CnnlabError, match="test fraction"):
        load_image_folder(tmp_path / "set", test_fraction=fraction)
