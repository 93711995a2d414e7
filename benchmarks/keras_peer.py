"""Seed 004's Keras net in real Keras beside cnnlab's presets: the peer check of examples/keras_hypotheses.toml.

    pip install -e '.[peer]'                          # Keras 3; this script runs it on the torch backend
    python benchmarks/keras_peer.py --counts          # summary() counts of each net, Keras's beside cnnlab's
    python benchmarks/keras_peer.py --epochs 2 --seeds 5 --head template --bn keras   # model.fit, as the seed

The seed shows its nets' summary() counts and training logs, not its compile() call. `--counts` builds every
hypothesis net in Keras and in cnnlab and prints total / trainable / non-trainable parameters side by side with
the seed's. Training runs Keras's own `model.fit` (optimizer="sgd": Keras's default, lr 0.01, no momentum;
batch 128; pixels in [0, 1]) on the MNIST files bundled with cnnlab, and prints each epoch's training
accuracy and loss (Keras's running mean over the epoch's batches, as the seed's log) beside the seed's log,
then the test figures. Nothing here is cnnlab's training code: it is the reference the hypotheses are checked
against.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")  # before keras is imported
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # no install needed

# the seed's 5-epoch log (Figure 3a) and its counts (summary(), the original net and the three-block one)
SEED_LOG = [(0.3941, 2.0414), (0.8041, 0.6105), (0.8765, 0.4082), (0.9030, 0.3244), (0.9213, 0.2719)]
SEED_TEST = (0.9735, 0.0849)
SEED_COUNTS = {2: (278_858, 277_834, 1_024), 3: (119_434, 118_282, 1_152)}
PRESETS = {("template", 2): "keras_template", ("template", 3): "keras_template3",
           ("onedrop", 2): "keras_bn", ("onedrop", 3): "keras_bn3"}
BN = {"keras": (0.99, 1e-3), "torch": (0.9, 1e-5)}  # Keras's moving-average momentum (torch's is 1 - it), eps


def keras_net(head: str = "template", blocks: int = 2, activation: str = "relu", bn: str = "keras"):
    """Conv2D 64 3x3, activation, BatchNormalization, MaxPooling 2x2, Dropout 0.25 (`blocks` times), Flatten, then
    3 x (Dense 128, activation, BatchNormalization) with Dropout 0.5 after each (`template`) or once at the end
    (`onedrop`), Dense 10 softmax."""
    import keras
    from keras import layers

    momentum, eps = BN[bn]

    def act():
        return layers.LeakyReLU() if activation == "leakyrelu" else layers.Activation("relu")  # Keras 3: slope 0.3

    stack: list = [keras.Input((28, 28, 1))]
    for _ in range(blocks):
        stack += [layers.Conv2D(64, 3), act(), layers.BatchNormalization(momentum=momentum, epsilon=eps),
                  layers.MaxPooling2D(2), layers.Dropout(0.25)]
    stack.append(layers.Flatten())
    for _ in range(3):
        stack += [layers.Dense(128), act(), layers.BatchNormalization(momentum=momentum, epsilon=eps)]
        if head == "template":
            stack.append(layers.Dropout(0.5))
    if head == "onedrop":
        stack.append(layers.Dropout(0.5))
    stack.append(layers.Dense(10, activation="softmax"))
    return keras.Sequential(stack)


def keras_counts(model) -> tuple[int, int, int]:
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    frozen = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    return trainable + frozen, trainable, frozen


def cnnlab_counts(preset: str) -> tuple[int, int, int]:
    """(total, trainable, non-trainable) in Keras's convention: BatchNorm's running mean and variance are
    non-trainable weights, torch's num_batches_tracked is not a weight at all."""
    from torch import nn

    from cnnlab.models import build_model

    net = build_model(preset, (1, 28, 28), 10)
    trainable = sum(p.numel() for p in net.parameters())
    frozen = sum(m.running_mean.numel() + m.running_var.numel() for m in net.modules()
                 if isinstance(m, nn.modules.batchnorm._BatchNorm))
    return trainable + frozen, trainable, frozen


def count_rows() -> list[tuple[str, tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]]:
    """(preset, Keras's counts, cnnlab's counts, the seed's counts) for every net a hypothesis uses."""
    return [(preset, keras_counts(keras_net(head, blocks)), cnnlab_counts(preset), SEED_COUNTS[blocks])
            for (head, blocks), preset in PRESETS.items()]


def mnist01():
    """The bundled MNIST as Keras takes it: (N, 28, 28, 1) float32 in [0, 1], integer labels."""
    from cnnlab.data.mnist import load_mnist

    m = load_mnist()

    def prep(split):
        return (split.images.numpy().reshape(-1, 28, 28, 1).astype("float32") / 255.0,
                split.labels.numpy().astype("int64"))

    return prep(m.train), prep(m.test)


def train(seed: int, epochs: int, head: str, bn: str, activation: str, data) -> tuple[list, tuple[float, float]]:
    import keras

    keras.utils.set_random_seed(seed)
    model = keras_net(head, 2, activation, bn)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    (x, y), (xt, yt) = data
    hist = model.fit(x, y, batch_size=128, epochs=epochs, verbose=0, shuffle=True)
    loss, acc = model.evaluate(xt, yt, batch_size=1000, verbose=0)
    return list(zip(hist.history["accuracy"], hist.history["loss"], strict=True)), (acc, loss)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--counts", action="store_true", help="only compare the nets' parameter counts")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--seeds", type=int, default=1)
    p.add_argument("--head", choices=("template", "onedrop"), default="template")
    p.add_argument("--bn", choices=tuple(BN), default="keras", help="BatchNorm constants")
    p.add_argument("--activation", choices=("relu", "leakyrelu"), default="relu")
    args = p.parse_args()
    import keras
    import torch

    print(f"Keras {keras.__version__} ({keras.backend.backend()} backend), torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    print("net                keras total/trainable/non-trainable   cnnlab                   seed")
    for preset, k, c, s in count_rows():
        print(f"{preset:18} {k[0]:,} / {k[1]:,} / {k[2]:,}        {c[0]:,} / {c[1]:,} / {c[2]:,}   "
              f"{s[0]:,} / {s[1]:,} / {s[2]:,}  {'same' if k == c == s else 'DIFFERENT'}")
    if args.counts:
        return
    data = mnist01()
    logs, tests = [], []
    for seed in range(args.seeds):
        t = time.perf_counter()
        log, test = train(seed, args.epochs, args.head, args.bn, args.activation, data)
        logs.append(log)
        tests.append(test)
        print(f"seed {seed}: " + "  ".join(f"ep{e + 1} {a:.2%} / {lo:.4f}" for e, (a, lo) in enumerate(log))
              + f"  test {test[0]:.2%} / {test[1]:.4f} ({time.perf_counter() - t:.0f} s)")
    print(f"head {args.head}, BatchNorm {args.bn} constants, {args.activation}, SGD 0.01, batch 128, "
          f"{args.seeds} seeds: mean training accuracy / loss per epoch, the seed's log beside it")
    for e in range(args.epochs):
        acc = statistics.mean(log[e][0] for log in logs)
        loss = statistics.mean(log[e][1] for log in logs)
        seed_text = f"{SEED_LOG[e][0]:.2%} / {SEED_LOG[e][1]:.4f}" if e < len(SEED_LOG) else "-"
        print(f"  epoch {e + 1}: Keras {acc:.2%} / {loss:.4f}   seed 004 {seed_text}")
    if args.epochs == 5:
        print(f"  test: Keras {statistics.mean(t[0] for t in tests):.2%} / {statistics.mean(t[1] for t in tests):.4f}"
              f"   seed 004 {SEED_TEST[0]:.2%} / {SEED_TEST[1]:.4f}")


if __name__ == "__main__":
    main()
