import pytest

from cnnlab.errors import CnnlabError
from cnnlab.models.spec import Layer, format_spec, is_module_ref, parse_spec, with_settings


def test_round_trip_is_canonical():
    text = ("crop 24 > conv 32 k3 > relu > maxpool 2 > conv 64 k5 s2 p1 nobias > leakyrelu 0.1 > gap > flatten"
            " > linear 10 nobias")
    assert format_spec(parse_spec(text)) == text


def test_separators_and_aliases():
    layers = parse_spec("conv2d 8 k3 -> ReLU → pool 2, fc 10")
    assert [layer.kind for layer in layers] == ["conv", "relu", "maxpool", "linear"]
    assert layers[0] == Layer("conv", size=8, kernel=3, stride=1)
    assert layers[2].stride == 2


def test_defaults():
    assert parse_spec("dropout")[0].rate == 0.5
    assert parse_spec("leakyrelu")[0].rate == 0.01
    assert parse_spec("conv 4 same")[0].padding == "same"


@pytest.mark.parametrize(
    "text, message",
    [
        ("conv 32 k3 > swish2", "unknown layer 'swish2'"),
        ("conv x k3", "conv channels must be a positive whole number"),
        ("conv 8 q3", "unknown conv option 'q3'"),
        ("dropout 1.5", "dropout rate must be a number in"),
        ("linear", "linear needs a width"),
        ("relu 3", "takes no arguments"),
        ("crop", "crop needs one side length"),
        ("crop 24 24", "crop needs one side length"),
        ("crop 0", "crop side must be a positive whole number"),
        ("  ", "empty"),
    ],
)
def test_errors_are_one_line_and_name_the_problem(text, message):
    with pytest.raises(CnnlabError, match=message) as e:
        parse_spec(text)
    assert "\n" not in str(e.value)


def test_settings_replace_activations_and_dropout_rates():
    layers = parse_spec("conv 8 k3 > relu > leakyrelu 0.2 > dropout 0.5 > dropout2d 0.25 > linear 10")
    changed = with_settings(layers, activation="sigmoid", dropout=0.8)
    assert format_spec(changed) == "conv 8 k3 > sigmoid > sigmoid > dropout 0.8 > dropout2d 0.8 > linear 10"
    assert format_spec(with_settings(layers)) == format_spec(layers)


@pytest.mark.parametrize("model, code", [("mypkg.nets:Net", True), ("./nets.py:Net", True), ("baseline", False),
                                         ("conv 8 k3 > flatten > linear 10", False), ("a : b", False)])
def test_a_model_given_as_python_code(model, code):
    assert is_module_ref(model) is code
