"""The GPU machine's one command (benchmarks/gpu_machine.sh) runs on a bare copy of the tree, on a CPU.

The GPU machine has Python, torch, numpy and pillow, no network and no cnnlab install: the command installs the
wheels of benchmarks/gpu_wheels.txt from .whl/ into a target folder and puts it and the tree on the path. Here
the same happens in an emptied environment (`env -i`, `python -S`: no site-packages, so no editable install):
the wheels are rebuilt offline from the installed distributions, and the machine's own packages are stood in for
by this environment's site-packages minus cnnlab and minus every carried distribution.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def carried() -> list[str]:
    lines = (ROOT / "benchmarks" / "gpu_wheels.txt").read_text().splitlines()
    return [line.split("==")[0] for line in lines if line.strip() and not line.startswith("#")]


def top_level(dist: importlib.metadata.Distribution) -> set[str]:
    return {f.parts[0] for f in dist.files or [] if f.parts[0] != ".."}


def rebuild_wheel(name: str, dest: Path) -> Path:
    """The wheel an installed distribution came from, rebuilt from its RECORD (offline: what `pip download`
    fetches for this Python)."""
    dist = importlib.metadata.distribution(name)
    tags = [line.split(": ", 1)[1].split("-") for line in dist.read_text("WHEEL").splitlines()
            if line.startswith("Tag: ")]
    tag = "-".join(".".join(dict.fromkeys(t[i] for t in tags)) for i in range(3))  # py2.py3-none-any
    path = dest / f"{dist.metadata['Name'].replace('-', '_')}-{dist.version}-{tag}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in dist.files or []:
            src = Path(f.locate())
            if f.parts[0] != ".." and "__pycache__" not in f.parts and src.is_file():
                z.write(src, str(f))
    return path


def machine_site(dest: Path) -> Path:
    """Stand-in for the GPU machine's preinstalled packages: links to this site-packages minus cnnlab (and its
    editable-install hooks) and minus the carried distributions, which must come from the wheels."""
    site = Path(sysconfig.get_paths()["purelib"])
    excluded = set().union(*(top_level(importlib.metadata.distribution(n)) for n in carried()))
    dest.mkdir()
    for entry in site.iterdir():
        name = entry.name
        if name in excluded or name.endswith(".pth") or "cnnlab" in name or name.startswith("__editable__"):
            continue
        (dest / name).symlink_to(entry)
    return dest


@pytest.mark.slow
def test_gpu_machine_command_runs_on_a_bare_tree_in_a_clean_environment(tmp_path):
    tree = tmp_path / "tree"
    for part in ("cnnlab", "benchmarks"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / ".whl").mkdir()
    for name in carried():
        rebuild_wheel(name, tree / ".whl")
    python = f"{sys.executable} -S"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHON": python, "SITE": str(tmp_path / "site"),
           "PYTHONPATH": str(machine_site(tmp_path / "machine")), "OMP_NUM_THREADS": "1"}
    clean = subprocess.run([*python.split(), "-c", "import pydantic"], env=env, capture_output=True, text=True)
    assert clean.returncode != 0 and "pydantic" in clean.stderr  # the environment really lacks the carried ones
    out = subprocess.run(["sh", str(tree / "benchmarks" / "gpu_machine.sh"), "--device", "cpu", "--quick"],
                         capture_output=True, text=True, timeout=1500, cwd=tree, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "site" / "pydantic").is_dir()  # installed from the carried wheels
    text = out.stdout
    assert f"from {tree / 'cnnlab'};" in text  # the copy's own cnnlab, no install of it anywhere
    for line in ("device:", "precision:", "process start", "data loading", "[a] single run", "[b] sweep",
                 "[c] fast recipe", "[d] baseline", "warm-up, graph capture"):
        assert line in text, f"missing {line!r} in:\n{text}"
    assert "speed-up" in text and "TFLOP/s" in text and "extrapolated" in text


def test_gpu_machine_command_stops_with_one_line_without_its_wheels(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "benchmarks", tree / "benchmarks", ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run(["sh", str(tree / "benchmarks" / "gpu_machine.sh"), "--quick"], capture_output=True,
                         text=True, timeout=60, cwd=tree)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "no wheels in" in out.stderr and "fetch_gpu_wheels.sh" in out.stderr


def test_wheel_list_covers_what_cnnlab_imports_beyond_the_machines_packages():
    """Every third-party module that importing the benchmark's modules loads is carried or on the GPU machine."""
    on_machine = {"torch", "torchgen", "numpy", "PIL", "tqdm", "sympy", "mpmath", "networkx", "jinja2",
                  "markupsafe", "filelock", "fsspec", "triton", "nvidia", "yaml", "packaging", "matplotlib",
                  "mpl_toolkits", "cycler", "dateutil", "fontTools", "kiwisolver", "pyparsing", "six"}
    code = ("import sys; sys.path.insert(0, 'benchmarks'); import cnnlab.cli.main, cnnlab.training.stacked, "
            "cnnlab.experiments.vectorized, seed_pipeline; print(' '.join(sorted({m.split('.')[0] for m in "
            "sys.modules})))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    provided = {name.removesuffix(".py") for n in carried() for name in top_level(importlib.metadata.distribution(n))}
    third_party = {m for m in r.stdout.split() if m not in sys.stdlib_module_names and not m.startswith("_")}
    missing = third_party - provided - on_machine - {"cnnlab", "seed_pipeline"}
    assert not missing, f"add to benchmarks/gpu_wheels.txt: {sorted(missing)}"
