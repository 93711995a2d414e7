"""Regenerate tests/data/handwriting/: digits that are not MNIST, to check a model on handwriting it never saw.

Each image is one digit rendered from a font installed from a Debian package (mostly handwriting-like
fonts), with the variations of a phone photo of a digit on paper: thick or thin pen, rotation, slant,
an off-centre position, blur, uneven lighting, paper texture and sensor noise, dark ink on light paper.
The images are 64x64 grayscale PNGs; `labels.csv` lists `file,label`. The set is deterministic for a
given font list and seed.

    apt-get install -y fonts-dejavu fonts-liberation fonts-freefont-ttf fonts-urw-base35 fonts-comic-neue \\
        fonts-dkg-handwriting fonts-breip fonts-bwht fonts-femkeklaver fonts-humor-sans fonts-kaushanscript \\
        fonts-kristi fonts-ecolier-court fonts-rufscript fonts-klee fonts-dancingscript
    python examples/make_handwriting_set.py [--out tests/data/handwriting] [--per-digit 30] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# (Debian package, font file): handwriting-like first, then a few print faces people also write like.
FONTS = [
    ("fonts-dkg-handwriting", "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"),
    ("fonts-dkg-handwriting", "/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf"),
    ("fonts-breip", "/usr/share/fonts/truetype/breip/Breip.ttf"),
    ("fonts-bwht", "/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf"),
    ("fonts-bwht", "/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf"),
    ("fonts-bwht", "/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf"),
    ("fonts-bwht", "/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf"),
    ("fonts-bwht", "/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf"),
    ("fonts-bwht", "/usr/share/fonts/opentype/bwht/BecauseWeOrganize-Regular.otf"),
    ("fonts-femkeklaver", "/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf"),
    ("fonts-humor-sans", "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf"),
    ("fonts-kaushanscript", "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf"),
    ("fonts-kristi", "/usr/share/fonts/truetype/kristi/Kristi.ttf"),
    ("fonts-ecolier-court", "/usr/share/fonts/truetype/ecolier-court/Ecolier-court.ttf"),
    ("fonts-rufscript", "/usr/share/fonts/truetype/rufscript/Rufscript010.ttf"),
    ("fonts-klee", "/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf"),
    ("fonts-dancingscript", "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf"),
    ("fonts-comic-neue", "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf"),
    ("fonts-comic-neue", "/usr/share/fonts/opentype/comic-neue/ComicNeue-Light.otf"),
    ("fonts-comic-neue", "/usr/share/fonts/opentype/comic-neue/ComicNeue-BoldItalic.otf"),
    ("fonts-dejavu-core", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("fonts-liberation", "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf"),
    ("fonts-freefont-ttf", "/usr/share/fonts/truetype/freefont/FreeSans.ttf"),
    ("fonts-urw-base35", "/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf"),
    ("fonts-urw-base35", "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf"),
]
SIZE = 64  # the saved image; the digit is drawn at 4x and reduced, like a photo downscaled
BIG = SIZE * 4


def available_fonts() -> list[tuple[str, str]]:
    return [(pkg, path) for pkg, path in FONTS if Path(path).is_file()]


def _glyph(font_path: str, digit: int, pen: int, rng: np.random.Generator) -> np.ndarray:
    """The digit as ink coverage in [0, 1] on a BIG x BIG canvas: pen = extra stroke width (thick pens)."""
    size = int(rng.integers(int(BIG * 0.45), int(BIG * 0.65)))
    font = ImageFont.truetype(font_path, size)
    canvas = Image.new("L", (BIG, BIG), 0)
    draw = ImageDraw.Draw(canvas)
    left, top, right, bottom = draw.textbbox((0, 0), str(digit), font=font, stroke_width=pen)
    x = (BIG - (right - left)) / 2 - left + rng.uniform(-0.12, 0.12) * BIG
    y = (BIG - (bottom - top)) / 2 - top + rng.uniform(-0.12, 0.12) * BIG
    draw.text((x, y), str(digit), fill=255, font=font, stroke_width=pen, stroke_fill=255)
    if pen < 0:  # a thin pen: erode the strokes, unless the font's strokes are too thin to survive it
        thinner = canvas.filter(ImageFilter.MinFilter(2 * (-pen) + 1))
        if np.asarray(thinner).sum() > 0.4 * np.asarray(canvas).sum():
            canvas = thinner
    shear = rng.uniform(-0.25, 0.25)  # slant, as hands do
    canvas = canvas.transform(
        canvas.size, Image.Transform.AFFINE, (1, shear, -shear * BIG / 2, 0, 1, 0), resample=Image.Resampling.BILINEAR
    )
    canvas = canvas.rotate(rng.uniform(-20, 20), resample=Image.Resampling.BILINEAR)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def _photograph(ink: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """Dark ink on unevenly lit paper, blurred and noisy, reduced to SIZE x SIZE and JPEG-ish compressed."""
    ys, xs = np.mgrid[0:BIG, 0:BIG] / BIG
    angle = rng.uniform(0, 2 * np.pi)
    gradient = np.cos(angle) * (xs - 0.5) + np.sin(angle) * (ys - 0.5)
    paper = rng.uniform(0.75, 0.95) + rng.uniform(0.0, 0.35) * gradient  # a lamp to one side
    texture = (
        np.asarray(
            Image.fromarray((rng.random((BIG // 8, BIG // 8)) * 255).astype(np.uint8)).resize(
                (BIG, BIG), Image.Resampling.BICUBIC
            ),
            dtype=np.float32,
        )
        / 255.0
    )
    paper = paper + 0.04 * (texture - 0.5)
    ink_level = rng.uniform(0.05, 0.35)  # pencil is grey, a marker near black
    img = paper * (1 - ink) + ink_level * ink
    picture = Image.fromarray(np.clip(img * 255, 0, 255).astype(np.uint8), "L")
    picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 4.0)))
    picture = picture.resize((SIZE, SIZE), Image.Resampling.BILINEAR)
    arr = np.asarray(picture, dtype=np.float32) + rng.normal(0, rng.uniform(2, 10), (SIZE, SIZE))
    picture = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=int(rng.integers(40, 90)))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def make_set(out: Path, per_digit: int, seed: int) -> int:
    fonts = available_fonts()
    if len(fonts) < 5:
        sys.exit("error: fewer than 5 of the fonts are installed (see the apt-get line in this script's docstring)")
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for digit in range(10):
        for k in range(per_digit):
            package, path = fonts[(digit * per_digit + k) % len(fonts)]
            pen = int(rng.choice([-2, -1, 0, 0, 2, 5, 9]))  # thin to thick, at 4x scale
            image = _photograph(_glyph(path, digit, pen, rng), rng)
            name = f"{digit}_{k:02d}.png"
            image.save(out / name, optimize=True)
            rows.append((name, digit, package, Path(path).name, pen))
    with open(out / "labels.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "label", "package", "font", "pen"])
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "tests/data/handwriting")
    parser.add_argument("--per-digit", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    count = make_set(args.out, args.per_digit, args.seed)
    print(f"wrote {count} images and labels.csv to {args.out} ({len(available_fonts())} fonts)")


if __name__ == "__main__":
    main()
