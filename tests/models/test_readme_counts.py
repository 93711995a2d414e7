"""The README's preset table gives every preset's parameter count: each must be what cnnlab builds."""

from __future__ import annotations

import re
from pathlib import Path

from cnnlab.models import PRESETS, build_model
from cnnlab.models.summary import summarize

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_counts() -> dict[str, int]:
    """`| `a`, `b` | 1,234 / 5,678 | ... |` rows of the table under `| preset | params | from |`."""
    text = README.read_text()
    table = text[text.index("| preset | params | from |"):].split("\n\n")[0].splitlines()[2:]
    counts: dict[str, int] = {}
    for row in table:
        names_cell, params_cell = row.split("|")[1:3]
        names = re.findall(r"`([A-Za-z0-9_]+)`", names_cell)
        numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", params_cell)]
        assert len(names) == len(numbers), row
        counts.update(zip(names, numbers, strict=True))
    return counts


def test_every_preset_has_the_count_the_readme_gives() -> None:
    counts = readme_counts()
    assert len(counts) >= 17 and set(counts) == set(PRESETS)  # the 17 of the seeds, and seed 004's Keras nets
    for name, preset in PRESETS.items():
        built = summarize(build_model(name, preset.input_shape, preset.classes), preset.input_shape).total_params
        assert built == counts[name], name
