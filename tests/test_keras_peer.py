"""The Keras peer check: seed 004's nets built in real Keras (torch backend) have the seed's summary() counts,
and so do cnnlab's presets of every hypothesis, in Keras's own trainable / non-trainable split."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")  # Keras 3 defaults to TensorFlow, which cnnlab does not install
pytest.importorskip("keras", reason="the peer check needs the `peer` extra (Keras 3)")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def peer(load_benchmark):
    return load_benchmark("keras_peer")


def test_keras_and_cnnlab_nets_have_the_seeds_counts(peer) -> None:
    rows = peer.count_rows()
    assert {r[0] for r in rows} == {"keras_template", "keras_template3", "keras_bn", "keras_bn3"}
    for preset, keras_counts, cnnlab_counts, seed_counts in rows:
        assert keras_counts == cnnlab_counts == seed_counts, preset


def test_the_two_heads_differ_only_in_dropout(peer) -> None:
    """Same weights, different layers: the template head has three dropouts where the other has one."""
    kinds = {head: [type(layer).__name__ for layer in peer.keras_net(head).layers] for head in ("template", "onedrop")}
    assert kinds["template"].count("Dropout") == 2 + 3 and kinds["onedrop"].count("Dropout") == 2 + 1
    assert [k for k in kinds["template"] if k != "Dropout"] == [k for k in kinds["onedrop"] if k != "Dropout"]


def test_keras_batchnorm_constants_are_torchs_complement(peer) -> None:
    net = peer.keras_net("template", bn="keras")
    bns = [layer for layer in net.layers if type(layer).__name__ == "BatchNormalization"]
    assert len(bns) == 5 and all((b.momentum, b.epsilon) == (0.99, 1e-3) for b in bns)
    # cnnlab's bn_momentum = 1 - Keras's momentum (examples/keras_hypotheses.toml sets 0.01)
    from cnnlab.experiments.spec import load_spec

    spec = load_spec(ROOT / "examples" / "keras_hypotheses.toml")
    kerasbn = [p.config for p in spec.expand() if p.label == "template_sgd0.01_kerasbn"][0]
    assert (kerasbn.bn_momentum, kerasbn.bn_eps) == pytest.approx((1 - 0.99, 1e-3))
