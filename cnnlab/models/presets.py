"""Every architecture of the seed reports, as a named spec.

Each preset is a spec string plus, where the seed's variant is a setting rather than a new
architecture, that setting (seed 000's LeakyReLU net is the baseline with `activation = "leakyrelu"`).
The last linear layer always follows the data set's class count, so any preset runs on any data set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    spec: str
    about: str
    input_shape: tuple[int, int, int] = (1, 28, 28)  # the seed's own input, for `summary`
    dataset: str = "mnist"
    activation: str | None = None


BASELINE = (
    "conv 32 k3 > relu > maxpool 2 > conv 64 k3 > relu > maxpool 2 > flatten > linear 128 > relu"
    " > dropout 0.5 > linear 10"
)
CIFAR_GRAY = (1, 32, 32)

PRESETS: dict[str, Preset] = {
    # seed 000: baseline and its three architectural variants
    "baseline": Preset(BASELINE, "seed 000 baseline CNN, 225,034 params"),
    "deeper_gap": Preset(
        "conv 32 k3 > relu > maxpool 2 > conv 64 k3 > relu > maxpool 2 > conv 128 k3 > relu > maxpool 2 > gap"
        " > flatten > linear 128 > relu > dropout 0.5 > linear 10",
        "seed 000 deeper CNN, third conv and global average pooling",
    ),
    "large_kernel": Preset(
        "conv 32 k5 > relu > maxpool 2 > conv 64 k5 > relu > maxpool 2 > flatten > linear 128 > relu"
        " > dropout 0.5 > linear 10",
        "seed 000 baseline with 5x5 kernels",
    ),
    "leaky": Preset(
        BASELINE, "seed 000 baseline with LeakyReLU (a setting: activation=leakyrelu)", activation="leakyrelu"
    ),
    # seed 001: MLP vs one conv + three FC vs two conv + two FC
    "mlp_fc2": Preset("flatten > linear 128 > relu > linear 10", "seed 001 two fully connected layers, no conv"),
    "conv1_fc3": Preset(
        "conv 32 k5 > relu > maxpool 2 > flatten > linear 512 > relu > linear 128 > relu > linear 10",
        "seed 001 one conv + pool, three fully connected",
    ),
    "conv2_fc2": Preset(
        "conv 32 k5 > relu > maxpool 2 > conv 64 k5 > relu > maxpool 2 > flatten > linear 256 > relu > linear 10",
        "seed 001 two conv + pool, two fully connected",
    ),
    # seed 002: LeNet-style net on MNIST, a BatchNorm net for CIFAR-100 coarse labels
    "lenet": Preset(
        "conv 6 k5 p2 > relu > avgpool 2 > conv 16 k5 > relu > avgpool 2 > flatten > linear 120 > relu"
        " > linear 84 > relu > linear 10",
        "seed 002 LeNet-5 style net (average pooling)",
    ),
    "cifar100_bn": Preset(
        "conv 32 k3 p1 > bn > relu > conv 32 k3 p1 > bn > relu > maxpool 2 > conv 64 k3 p1 > bn > relu"
        " > conv 64 k3 p1 > bn > relu > maxpool 2 > flatten > linear 256 > relu > dropout 0.5 > linear 20",
        "seed 002 four conv + BatchNorm, for CIFAR-100 coarse labels",
        (3, 32, 32),
        "cifar100",
    ),
    # seed 003: CIFAR-10 grayscale architectures, exactly as their forward() computes (cnn_5's unused
    # conv6 is left out; cnn_3 has no activation after conv3); PredictionLayer has no bias
    "mlp1": Preset(
        "flatten > linear 32 > relu > linear 10 nobias", "seed 003 mlp1: FC-32, ReLU", CIFAR_GRAY, "cifar10"
    ),
    "mlp2": Preset(
        "flatten > linear 32 > relu > linear 64 nobias > relu > linear 10 nobias",
        "seed 003 mlp2: FC-32, ReLU, FC-64 (no bias), ReLU",
        CIFAR_GRAY,
        "cifar10",
    ),
    "cnn_3": Preset(
        "conv 16 k3 > relu > conv 8 k5 > relu > maxpool 2 > conv 16 k7 > maxpool 2 > flatten > linear 10 nobias",
        "seed 003 cnn_3: three convs",
        CIFAR_GRAY,
        "cifar10",
    ),
    "cnn_4": Preset(
        "conv 16 k3 > relu > conv 8 k3 > relu > conv 16 k5 > relu > maxpool 2 > conv 16 k5 > relu > maxpool 2"
        " > flatten > linear 10 nobias",
        "seed 003 cnn_4: four convs",
        CIFAR_GRAY,
        "cifar10",
    ),
    "cnn_5": Preset(
        "conv 8 k3 > relu > conv 16 k3 > relu > conv 8 k3 > relu > maxpool 2 > conv 16 k3 > relu > conv 16 k3"
        " > relu > maxpool 2 > flatten > linear 10 nobias",
        "seed 003 cnn_5: five convs",
        CIFAR_GRAY,
        "cifar10",
    ),
    # seed 004: the classic PyTorch MNIST example, its BN + LeakyReLU successor, the Keras BN net
    "pytorch_example": Preset(
        "conv 10 k5 > maxpool 2 > relu > conv 20 k5 > dropout2d 0.5 > maxpool 2 > relu > flatten > linear 50"
        " > relu > dropout 0.5 > linear 10",
        "seed 004 classic PyTorch example net (10/20 channels)",
    ),
    "bn_leaky": Preset(
        "conv 32 k3 p1 > maxpool 2 > bn > leakyrelu 0.1 > conv 64 k3 p1 > maxpool 2 > bn > leakyrelu 0.1"
        " > conv 128 k3 p1 > maxpool 2 > bn > leakyrelu 0.1 > dropout2d 0.25 > flatten > linear 256"
        " > leakyrelu 0.1 > dropout 0.5 > linear 128 > leakyrelu 0.1 > dropout 0.5 > linear 10",
        "seed 004 extra conv with BatchNorm + LeakyReLU (99.26%)",
    ),
    "keras_bn": Preset(
        "conv 64 k3 > relu > bn > maxpool 2 > dropout 0.25 > conv 64 k3 > relu > bn > maxpool 2 > dropout 0.25"
        " > conv 64 k3 > relu > bn > maxpool 2 > dropout 0.25 > flatten > linear 128 > relu > dropout 0.5"
        " > linear 10",
        "seed 004 Keras conv-BN-pool-dropout net (the dense head is Keras's mnist_cnn one)",
    ),
}
