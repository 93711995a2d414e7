"""`--format png|svg|pdf` and `--dpi` on inspect, weights and conv-demo; phase lines on stderr."""

from __future__ import annotations

import io
import time
from pathlib import Path

from PIL import Image

from cnnlab.cli.progress import Phases


def test_inspect_writes_svg_and_pdf(cli, tiny_checkpoint: Path, tmp_path: Path) -> None:
    code, _, _ = cli("inspect", tiny_checkpoint, "--index", 0, "--layers", "conv1", "--out", tmp_path / "s",
                     "--format", "svg")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["01-conv1.svg", "input.svg", "probabilities.svg"]
    svg = (tmp_path / "s" / "01-conv1.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "activation (all tiles)" in svg  # the colour bar
    code, _, _ = cli("inspect", tiny_checkpoint, "--index", 0, "--layers", "conv1", "--out", tmp_path / "p",
                     "--format", "pdf")
    assert code == 0 and (tmp_path / "p" / "01-conv1.pdf").read_bytes()[:5] == b"%PDF-"


def test_dpi_sets_the_png_resolution(cli, tiny_checkpoint: Path, tmp_path: Path) -> None:
    sizes = []
    for dpi in (50, 150):
        code, _, _ = cli("weights", tiny_checkpoint, "--out", tmp_path / f"w{dpi}.png", "--dpi", dpi)
        assert code == 0
        with Image.open(tmp_path / f"w{dpi}.png") as png:
            sizes.append(png.size)
    assert abs(sizes[1][0] / sizes[0][0] - 3) < 0.05 and abs(sizes[1][1] / sizes[0][1] - 3) < 0.05


def test_format_from_the_out_suffix_and_bad_formats(cli, tiny_checkpoint: Path, tmp_path: Path) -> None:
    code, out, _ = cli("weights", tiny_checkpoint, "--out", tmp_path / "w.svg")
    assert code == 0 and "<svg" in (tmp_path / "w.svg").read_text()
    code, _, _ = cli("conv-demo", "--images", 1, "--kernels", "sobel_x", "--format", "pdf",
                     "--out", tmp_path / "demo.pdf")
    assert code == 0 and (tmp_path / "demo.pdf").read_bytes()[:5] == b"%PDF-"
    for args in (("weights", tiny_checkpoint, "--out", tmp_path / "x.png", "--format", "jpeg"),
                 ("inspect", tiny_checkpoint, "--index", 0, "--out", tmp_path / "y", "--format", "tiff"),
                 ("conv-demo", "--format", "gif"),
                 ("report", "demo", "--store", tmp_path / "nowhere", "--format", "eps")):
        code, _, err = cli(*args)
        assert code == 2 and err.count("\n") == 1
        assert "unknown figure format" in err and "(choices: pdf, png, svg)" in err
    code, _, err = cli("weights", tiny_checkpoint, "--out", tmp_path / "x.png", "--format", "svg")
    assert code == 2 and "does not match --format svg" in err and err.count("\n") == 1
    code, _, err = cli("weights", tiny_checkpoint, "--out", tmp_path / "x.png", "--dpi", 0)
    assert code == 2 and "--dpi 0 is out of range" in err and err.count("\n") == 1
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "y").exists()


def test_phase_lines_only_for_waits_longer_than_the_delay() -> None:
    stream = io.StringIO()  # not a terminal: plain lines
    with Phases("cnnlab demo", stream, delay=0.15) as say:
        say("quick phase")  # replaced at once: never printed
        say("slow phase")
        time.sleep(0.5)
        say("last phase")  # the command ends before its line is due
    time.sleep(0.3)
    assert stream.getvalue() == "cnnlab demo: slow phase\n"
