"""`help(cnnlab.train)` in a notebook documents the function: its parameters and every setting it takes."""

from __future__ import annotations

import pydoc
import subprocess
import sys

import cnnlab
from cnnlab.config import TrainConfig


def test_help_of_cnnlab_train_documents_the_function_and_every_parameter() -> None:
    text = pydoc.render_doc(cnnlab.train, renderer=pydoc.plaintext)
    assert "function train in module cnnlab.api" in text  # not the training package's documentation
    for parameter in ("model:", "epochs:", "out:", "progress:", "track:", "**settings:"):
        assert f"\n        {parameter}" in text, parameter
    for name, info in TrainConfig.model_fields.items():
        assert f"\n        {name} = {info.get_default(call_default_factory=True)!r}" in text, name


def test_help_from_a_fresh_interpreter_needs_no_torch_until_asked() -> None:
    code = ("import sys, pydoc, cnnlab; assert 'torch' not in sys.modules; "
            "print(pydoc.render_doc(cnnlab.train, renderer=pydoc.plaintext).splitlines()[0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Python Library Documentation: function train in module cnnlab.api"
