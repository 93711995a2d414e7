"""Every preset builds and runs on its data set's input shape; parameter counts match the seeds."""

import pytest
import torch
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.models import PRESETS, build_model, init_weights, resolve_spec
from cnnlab.models.summary import summarize


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_builds_and_runs(name):
    p = PRESETS[name]
    classes = p.classes
    model = build_model(name, p.input_shape, classes)
    out = model(torch.randn(3, *p.input_shape))
    assert out.shape == (3, classes)
    assert torch.isfinite(out).all()


@pytest.mark.parametrize(
    "name, params",
    [
        ("baseline", 225_034),  # seed 000 (and the figure)
        ("pytorch_example", 21_840),  # the classic PyTorch MNIST example net
        ("conv1_fc3", 32 * 25 + 32 + 4608 * 512 + 512 + 512 * 128 + 128 + 1290),  # seed 001 printout shapes
        ("mlp1", 1024 * 32 + 32 + 32 * 10),  # seed 003: FC-32, prediction layer without bias
        ("cnn_3", (16 * 9 + 16) + (8 * 16 * 25 + 8) + (16 * 8 * 49 + 16) + 16 * 9 * 10),
    ],
)
def test_parameter_counts(name, params):
    p = PRESETS[name]
    assert summarize(build_model(name, p.input_shape, 10), p.input_shape).total_params == params


@pytest.mark.parametrize(
    "name, total, trainable, non_trainable",
    [
        ("keras_bn", 278_858, 277_834, 1_024),  # seed 004's Keras summary() of the original net
        ("keras_bn3", 119_434, 118_282, 1_152),  # ... and of the net with a third conv block
        ("keras_bn_leaky", 278_858, 277_834, 1_024),  # LeakyReLU has no parameters
    ],
)
def test_keras_nets_match_the_seed_summaries(name, total, trainable, non_trainable):
    s = summarize(build_model(name, (1, 28, 28), 10), (1, 28, 28))
    assert (s.total_params, s.trainable_params, s.non_trainable_params) == (total, trainable, non_trainable)


def test_batchnorm_running_stats_are_non_trainable_as_in_keras():
    s = summarize(build_model("keras_bn3", (1, 28, 28), 10), (1, 28, 28))
    model = build_model("keras_bn3", (1, 28, 28), 10)
    bn = [m for m in model.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    assert s.non_trainable_params == sum(2 * m.num_features for m in bn)  # moving mean + variance
    assert s.trainable_params + s.non_trainable_params == s.total_params


def test_keras_leakyrelu_uses_keras_default_slope():
    model = build_model("keras_bn_leaky", (1, 28, 28), 10)
    slopes = {m.negative_slope for m in model.modules() if isinstance(m, nn.LeakyReLU)}
    assert slopes == {0.3}
    assert not any(isinstance(m, nn.ReLU) for m in model.modules())


def test_keras_template_leaky_slopes_and_counts():
    # 0.3: Keras 3's LeakyReLU default; 0.01: the slope seed 004's training log follows (examples/keras_nets.toml)
    for name, slope in (("keras_template_leaky", 0.3), ("keras_template_leaky001", 0.01)):
        model = build_model(name, (1, 28, 28), 10)
        assert {m.negative_slope for m in model.modules() if isinstance(m, nn.LeakyReLU)} == {slope}
        assert not any(isinstance(m, nn.ReLU) for m in model.modules())
        assert summarize(model, (1, 28, 28)).total_params == 278_858  # seed 004's summary()


def test_seed_003_part4_mlp2_has_no_activation_before_its_prediction_layer():
    layers = [type(m).__name__ for m in build_model("mlp2_part4", (1, 32, 32), 10).children()]
    assert layers == ["Flatten", "Linear", "ReLU", "Linear", "Linear"]
    assert "sigmoid" in resolve_spec("mlp2_part4", activation="sigmoid")


def test_mult_adds_of_the_baseline():
    s = summarize(build_model("baseline", (1, 28, 28), 10), (1, 28, 28))
    assert s.mult_adds == 26 * 26 * 32 * 9 + 11 * 11 * 64 * 32 * 9 + 1600 * 128 + 128 * 10
    assert [r.output_shape for r in s.layers[:3]] == [(32, 26, 26), (32, 26, 26), (32, 13, 13)]


def test_variant_is_a_setting():
    assert resolve_spec("leaky") == resolve_spec("baseline", activation="leakyrelu")
    assert "sigmoid" in resolve_spec("cnn_3", activation="sigmoid")


def test_output_layer_follows_the_class_count():
    model = build_model("baseline", (3, 32, 32), 100)
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 100)


def test_spec_that_does_not_fit_the_input():
    with pytest.raises(CnnlabError, match="does not fit"):
        build_model("conv 8 k31 > flatten > linear 10", (1, 28, 28), 10)
    with pytest.raises(CnnlabError, match="add 'flatten'"):
        build_model("conv 8 k3 > linear 10", (1, 28, 28), 10)


def test_unknown_model_lists_choices():
    with pytest.raises(CnnlabError, match=r"unknown model 'resnet9' \(choices: .*baseline"):
        build_model("resnet9", (1, 28, 28), 10)


class Tiny(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.fc = nn.Linear(784, num_classes)

    def forward(self, x):
        return self.fc(x.flatten(1))


def test_custom_module_escape_hatch():
    model = build_model(f"{__name__}:Tiny", (1, 28, 28), 7)
    assert model(torch.randn(2, 1, 28, 28)).shape == (2, 7)
    with pytest.raises(CnnlabError, match="cannot load model"):
        build_model(f"{__name__}:Nope", (1, 28, 28), 10)


@pytest.mark.parametrize("scheme", ["xavier", "kaiming", "normal"])
def test_init_schemes_change_weights_and_zero_biases(scheme):
    torch.manual_seed(0)
    model = build_model("baseline", (1, 28, 28), 10)
    before = model.conv1.weight.clone()
    init_weights(model, scheme)
    assert not torch.equal(before, model.conv1.weight)
    assert torch.count_nonzero(model.fc1.bias) == 0
    if scheme == "normal":
        assert model.fc1.weight.std().item() == pytest.approx(0.01, rel=0.05)
