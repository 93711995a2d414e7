"""No stairs going up: a module imports only from its own layer of the package or a lower one.

Every import statement of every module counts, at the top or inside a function, under TYPE_CHECKING or not:
a lazy import still makes the lower layer know the higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cnnlab"

# Lowest first. `__init__` is the package's own module (`import cnnlab`, `from cnnlab import __version__`).
LAYERS: list[set[str]] = [
    {"errors", "version", "events"},  # records and facts every layer may know
    {"config"},  # the one typed config
    {"data", "models", "store"},  # data sets, networks, the results store and checkpoints
    {"training", "inspection", "reference", "explain"},  # computing with a model
    {"experiments"},  # specs, executors, results
    {"report"},  # the experiment report, built from the store and the results
    {"api", "figures", "web", "cli", "__init__", "__main__"},  # the ways in: Python, the web page, the CLI
]
RANK = {box: i for i, boxes in enumerate(LAYERS) for box in boxes}


def box_of(dotted: str) -> str:
    """`cnnlab.store.db` -> `store`; `cnnlab` and names defined in its __init__ -> `__init__`."""
    parts = dotted.split(".")
    if len(parts) == 1:
        return "__init__"
    name = parts[1]
    return name if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file() else "__init__"


def imports(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, imported cnnlab module or name) for every import statement in the file (`root`: the package)."""
    module = ".".join(("cnnlab", *path.relative_to(root).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    package = package.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found += [(node.lineno, f"{base}.{a.name}" if base == "cnnlab" else base) for a in node.names]
    return [(line, name) for line, name in found if name == "cnnlab" or name.startswith("cnnlab.")]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_box_has_a_layer():
    boxes = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()}
    assert boxes - RANK.keys() == set(), "give the new part of the package its place in LAYERS"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_goes_up_a_layer(path: Path):
    box = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    upward = [f"line {line}: {name} ({box_of(name)})" for line, name in imports(path)
              if RANK[box_of(name)] > RANK[box]]
    assert upward == [], f"{path.relative_to(PACKAGE)} ({box}, layer {RANK[box]}) imports from above: {upward}"


def test_the_check_sees_lazy_relative_and_package_imports(tmp_path: Path):
    """The walk catches an import inside a function, a relative one, and `from cnnlab import` of both kinds."""
    root = tmp_path / "cnnlab"
    (root / "store").mkdir(parents=True)
    probe = root / "store" / "probe.py"
    probe.write_text("def f():\n    from cnnlab.cli.main import main\n\n"
                     "from cnnlab import __version__, training\nfrom ..report import build\nimport json\n")
    names = [name for _, name in sorted(imports(probe, root))]
    assert names == ["cnnlab.cli.main", "cnnlab.__version__", "cnnlab.training", "cnnlab.report"]
    assert [box_of(n) for n in names] == ["cli", "__init__", "training", "report"]
