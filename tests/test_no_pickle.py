"""Guard: nothing in cnnlab/ unpickles. Checkpoints are safetensors + JSON; CIFAR's python distribution
goes through its own restricted unpickler, which admits only plain data (tests/data/test_cifar.py)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cnnlab"


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def unpickling_calls(source: str, filename: str = "<string>") -> list[str]:
    """`file:line call` for torch.load, pickle.load(s) (also imported by name) and np.load(allow_pickle=True)."""
    found = []
    imported = set()
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("pickle", "torch", "_pickle", "dill", "cloudpickle"):
            for alias in node.names:
                if alias.name in ("load", "loads"):
                    imported.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        allow_pickle = any(k.arg == "allow_pickle" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                           for k in node.keywords)
        if (
            name in ("torch.load", "pickle.load", "pickle.loads", "_pickle.load", "_pickle.loads", "dill.load",
                     "dill.loads", "cloudpickle.load", "cloudpickle.loads", "torch.serialization.load")
            or name in imported
            or (name in ("np.load", "numpy.load") and allow_pickle)
        ):
            found.append(f"{filename}:{node.lineno} {name}")
    return found


def test_the_guard_sees_each_form() -> None:
    code = "import torch, pickle\nimport numpy as np\nfrom pickle import loads\ntorch.load('x')\npickle.load(f)\n" \
           "loads(b)\nnp.load('a', allow_pickle=True)\nnp.load('a')\nnp.load('a', allow_pickle=False)\n"
    assert [c.split(" ")[1] for c in unpickling_calls(code)] == ["torch.load", "pickle.load", "loads", "np.load"]


def test_nothing_in_cnnlab_unpickles() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 50
    found = [c for f in files for c in unpickling_calls(f.read_text(), str(f.relative_to(PACKAGE.parent)))]
    assert found == []
