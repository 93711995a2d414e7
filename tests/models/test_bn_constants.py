"""BatchNorm's momentum and epsilon: a layer-spec option and a run setting, kept in the resolved spec (so a
checkpoint rebuilds the same layers), and no change to the identity of runs that leave them unset."""

from __future__ import annotations

import pytest
from torch import nn

from cnnlab.config import TrainConfig
from cnnlab.errors import CnnlabError
from cnnlab.experiments.spec import RunPlan
from cnnlab.models import build_model, resolve_spec, seeded_model
from cnnlab.models.spec import format_spec, parse_spec


def _bns(model: nn.Module) -> list[nn.modules.batchnorm._BatchNorm]:
    return [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]


def test_spec_option_round_trips_and_builds_the_constants() -> None:
    text = "conv 8 k3 > bn m0.01 eps0.001 > relu > flatten > linear 16 > bn > linear 10"
    assert format_spec(parse_spec(text)) == text
    bn2d, bn1d = _bns(build_model(text, (1, 8, 8), 10))
    assert (bn2d.momentum, bn2d.eps) == (0.01, 0.001)
    assert (bn1d.momentum, bn1d.eps) == (0.1, 1e-5)  # torch's defaults where the spec says nothing


def test_settings_override_every_batch_norm_and_reach_the_resolved_spec() -> None:
    spec = resolve_spec("keras_bn", bn_momentum=0.01, bn_eps=0.001)
    assert spec.count("bn m0.01 eps0.001") == 5 and " bn >" not in spec
    config = TrainConfig(model="keras_bn", bn_momentum=0.01, bn_eps=0.001)
    bns = _bns(seeded_model(config, (1, 28, 28), 10))
    assert len(bns) == 5 and all((m.momentum, m.eps) == (0.01, 0.001) for m in bns)


@pytest.mark.parametrize("bad", ["bn m0", "bn m1.5", "bn eps-1", "bn epsx", "bn q3"])
def test_bad_bn_options_are_one_line(bad: str) -> None:
    with pytest.raises(CnnlabError, match=r"^model spec: .*bn"):
        parse_spec(bad)


def test_unset_constants_leave_a_run_id_unchanged_and_set_ones_change_it() -> None:
    plain = RunPlan(TrainConfig(model="keras_bn"), "base", 0)
    assert "bn_momentum" not in plain.config_json and "bn_eps" not in plain.config_json
    keras = RunPlan(TrainConfig(model="keras_bn", bn_momentum=0.01), "base", 0)
    assert keras.config_hash != plain.config_hash and keras.config_key != plain.config_key
