"""Every architecture of the seed reports, as a named spec.

Each preset is a spec string plus, where the seed's variant is a setting rather than a new
architecture, that setting (seed 000's LeakyReLU net is the baseline with `activation = "leakyrelu"`).
The last linear layer always follows the data set's class count, so any preset runs on any data set.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.data.named import class_count, input_shape

Shape3 = tuple[int, int, int]
MNIST = input_shape("mnist")


@dataclass(frozen=True)
class Preset:
    spec: str
    about: str
    input_shape: Shape3 = MNIST  # the seed's own input, for `summary`
    dataset: str = "mnist"
    activation: str | None = None
    labels: str = "fine"  # the seed's CIFAR-100 label set

    @property
    def classes(self) -> int:
        """The output layer's size on the preset's own data set."""
        return class_count(self.dataset, self.labels)  # type: ignore[return-value]


def default_input(model: str) -> tuple[Shape3, int]:
    """The input shape and class count a model is sized for when none are given: a preset's own data set's,
    else MNIST's."""
    preset = PRESETS.get(model)
    return (preset.input_shape, preset.classes) if preset else (MNIST, class_count("mnist"))  # type: ignore[return-value]


BASELINE = (
    "conv 32 k3 > relu > maxpool 2 > conv 64 k3 > relu > maxpool 2 > flatten > linear 128 > relu"
    " > dropout 0.5 > linear 10"
)
CIFAR_GRAY = input_shape("cifar10", grayscale=True)
KERAS_CONV_BLOCK = "conv 64 k3 > relu > bn > maxpool 2 > dropout 0.25"
KERAS_CONV = KERAS_CONV_BLOCK + " > " + KERAS_CONV_BLOCK
KERAS_HEAD = ("flatten > linear 128 > relu > bn > linear 128 > relu > bn > linear 128 > relu > bn > dropout 0.5"
              " > linear 10")
# the widely used course template with the same counts: Dropout 0.5 after each of the three dense blocks
KERAS_TEMPLATE_HEAD = " > ".join(["flatten", *["linear 128 > relu > bn > dropout 0.5"] * 3, "linear 10"])

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
        input_shape("cifar100"),
        "cifar100",
        labels="coarse",
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
    "mlp2_part4": Preset(
        "flatten > linear 32 > relu > linear 64 nobias > linear 10 nobias",
        "seed 003 Part 4's mlp2: FC-32, ReLU, FC-64 (no bias), no activation before the prediction layer",
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
    # seed 004: the classic PyTorch MNIST example, its BN + LeakyReLU successor, the Keras BN nets
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
    # The Keras nets: the seed shows the conv part of the three-conv net (conv > relu > BN > pool > dropout
    # 0.25, three times) and both nets' summary() counts. The two counts fix the dense head: the flattened
    # width changes by 1600 - 64 = 1536 between the nets and the total by 196,608 = 1536 x 128, so the first
    # dense layer has 128 units; the rest of the head has 35,850 params, 768 of them BN statistics (384 BN
    # units), which is two more dense-128 layers and a BN(128) after each of the three: 3 x 512 + 2 x 16,512
    # + 1,290. The order of ReLU/BN in the head (as in the conv part) and the final dropout 0.5 are cnnlab's
    # assumption (they change no count).
    "keras_bn": Preset(KERAS_CONV + " > " + KERAS_HEAD, "seed 004 Keras net: 2 x (conv64-BN-pool-dropout), "
                       "3 x (dense128-BN); Keras summary() 278,858 / 277,834 / 1,024"),
    "keras_bn3": Preset(KERAS_CONV + " > " + KERAS_CONV_BLOCK + " > " + KERAS_HEAD,
                        "seed 004 Keras net with a third conv block; Keras summary() 119,434 / 118,282 / 1,152"),
    "keras_bn_leaky": Preset((KERAS_CONV + " > " + KERAS_HEAD).replace("relu", "leakyrelu 0.3"),
                             "seed 004 Keras net with LeakyReLU at Keras's default slope 0.3"),
    # the same counts with the course template's head (a dropout after every dense block): a hypothesis about
    # seed 004's unshown code, tested in examples/keras_hypotheses.toml
    "keras_template": Preset(KERAS_CONV + " > " + KERAS_TEMPLATE_HEAD,
                             "seed 004 Keras net, course-template head: 3 x (dense128-ReLU-BN-dropout 0.5)"),
    "keras_template3": Preset(KERAS_CONV + " > " + KERAS_CONV_BLOCK + " > " + KERAS_TEMPLATE_HEAD,
                              "keras_template with a third conv block"),
    "keras_template_leaky": Preset((KERAS_CONV + " > " + KERAS_TEMPLATE_HEAD).replace("relu", "leakyrelu 0.3"),
                                   "keras_template with LeakyReLU (slope 0.3: Keras 3's default)"),
    # seed 004 does not show its LeakyReLU's slope; its 20-epoch training log follows 0.01, not Keras's 0.3
    # (examples/keras_nets.toml). A new name, not a changed preset: a run's identity holds the preset's name.
    "keras_template_leaky001": Preset((KERAS_CONV + " > " + KERAS_TEMPLATE_HEAD).replace("relu", "leakyrelu 0.01"),
                                      "keras_template with LeakyReLU at slope 0.01 (seed 004's training log)"),
}
