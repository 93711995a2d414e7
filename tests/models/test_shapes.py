"""Shape inference in plain Python: its counts are what the built torch network has."""

from __future__ import annotations

import re
import sys

import pytest

from cnnlab.errors import CnnlabError
from cnnlab.models import PRESETS, build_model, resolve_spec
from cnnlab.models.shapes import MAX_PARAMS, plan_net
from cnnlab.models.spec import parse_spec
from cnnlab.models.summary import summarize

SPECS = [
    "conv 8 k3 s2 same nobias > bn > leakyrelu 0.2 > avgpool 3 s2 > dropout2d 0.1 > gap > flatten > linear 10",
    "flatten > bn > linear 64 > bn > relu > dropout 0.3 > linear 10 nobias",  # BatchNorm1d
    "conv 4 k2 p1 > maxpool 2 s1 > conv 6 k5 > tanh > flatten > linear 10",
    "crop 15 > conv 4 k3 > relu > crop 9 > flatten > linear 10",  # a crop of a non-square input is square
]


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_plans_the_network_it_builds(name):
    p = PRESETS[name]
    plan = plan_net(parse_spec(resolve_spec(name)), p.input_shape, p.classes)
    net = build_model(name, p.input_shape, p.classes)
    s = summarize(net, p.input_shape)
    assert plan.params == s.total_params
    assert [(q.name, q.output_shape, q.params) for q in plan.layers] == [
        (r.name, r.output_shape, r.params) for r in s.layers]
    assert plan.spec == net.spec


@pytest.mark.parametrize("spec", SPECS)
def test_specs_with_every_layer_kind(spec):
    shape = (3, 17, 19)
    plan = plan_net(parse_spec(spec), shape, 7)
    s = summarize(build_model(spec, shape, 7), shape)
    assert [(q.output_shape, q.params) for q in plan.layers] == [(r.output_shape, r.params) for r in s.layers]
    assert plan.layers[-1].output_shape == (7,)


def test_planning_needs_no_torch():
    import subprocess

    code = ("import sys; from cnnlab.models.shapes import plan_net; from cnnlab.models.spec import parse_spec; "
            "plan_net(parse_spec('conv 4 k3 > flatten > linear 10'), (1, 28, 28), 10); print('torch' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False", r.stderr


def test_too_many_parameters_is_refused_before_anything_is_allocated():
    with pytest.raises(CnnlabError, match=f"more than the {MAX_PARAMS:,}"):
        plan_net(parse_spec("flatten > linear 200000 > linear 10"), (3, 32, 32), 10)


@pytest.mark.parametrize("spec, message", [
    ("conv 8 k31 > flatten > linear 10", "does not fit its 28x28 input"),
    ("crop 29 > flatten > linear 10", "layer 1 (crop 29) does not fit its 28x28 input"),
    ("flatten > crop 4 > linear 10", "layer 2 (crop 4) needs an image input, got a flat vector of 784"),
    ("conv 8 k3 > linear 10", "add 'flatten'"),
    ("flatten > conv 8 k3 > flatten > linear 10", "needs an image input, got a flat vector of 784"),
    ("conv 8 k4 same > flatten > linear 10", "'same' padding needs an odd kernel"),
    ("flatten > dropout2d 0.5 > linear 10", "use 'dropout' on vectors"),
    ("conv 8 k3 > relu", "outputs shape (8, 26, 26) but the data set has 10 classes"),
])
def test_errors_name_the_layer(spec, message):
    with pytest.raises(CnnlabError, match=re.escape(message)):
        plan_net(parse_spec(spec), (1, 28, 28), 10)
