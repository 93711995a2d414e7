"""What the report computes from a run's checkpoint: test-set confusion and mistakes, sizes (its first-layer
weights are `cnnlab.inspection.run_weights`).

Every function takes a run folder (`model.safetensors` + `model.json`, and `init.safetensors` with the
initial weights) and returns plain NumPy data for `figures`; a missing or unreadable checkpoint is a
`CnnlabError` the report turns into a note.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cnnlab.config import make_config
from cnnlab.data.datasets import normalise
from cnnlab.models.summary import summarize
from cnnlab.store.checkpoint import load_checkpoint
from cnnlab.training.metrics import predict_logits


@dataclass(frozen=True)
class Mistake:
    index: int  # position in the test split
    image: np.ndarray  # uint8 (H, W, C), as stored in the data set
    true: int
    predicted: int
    confidence: float  # softmax probability of the predicted class


@dataclass(frozen=True)
class Evaluation:
    """The checkpoint on the full test split of its data set."""

    classes: tuple[str, ...]
    confusion: np.ndarray  # (K, K) int64 counts, rows = true class, columns = predicted class
    accuracy: float
    mistakes: list[Mistake]  # the most confident wrong predictions, most confident first


def evaluate_run(run_dir: str | Path, config: dict[str, Any], top: int = 16) -> Evaluation:
    """Evaluate a run's final checkpoint on the test split, normalised as the checkpoint was trained."""
    from cnnlab.training.eager import cpu_layout
    from cnnlab.training.session import dataset_for  # shares the per-process data set cache with training

    model, meta = load_checkpoint(Path(run_dir))
    cpu_layout(model, tuple(meta["model"]["input_shape"]))  # as training evaluates: the same sums, 1.9x faster
    dataset = dataset_for(make_config({**meta.get("config", {}), **config, "device": "cpu"}))
    mean, std = tuple(meta["data"]["mean"]), tuple(meta["data"]["std"])
    images, labels = dataset.test.images, dataset.test.labels
    with torch.no_grad():
        logits = predict_logits(model, normalise(images, mean, std)).float()
        probs = torch.softmax(logits, dim=1)
    confidence, predicted = probs.max(dim=1)
    k = len(meta["model"]["classes"])
    confusion = torch.bincount(labels * k + predicted, minlength=k * k).reshape(k, k)
    wrong = (predicted != labels).nonzero().flatten()
    order = wrong[torch.argsort(confidence[wrong], descending=True)][:top]
    mistakes = [
        Mistake(int(i), images[i].permute(1, 2, 0).numpy(), int(labels[i]), int(predicted[i]), float(confidence[i]))
        for i in order
    ]
    accuracy = float((predicted == labels).float().mean()) if len(labels) else math.nan
    return Evaluation(tuple(meta["model"]["classes"]), confusion.numpy(), accuracy, mistakes)


@dataclass(frozen=True)
class Size:
    """Parameter counts of one architecture (Keras convention: BatchNorm statistics are non-trainable)."""

    spec: str
    input_shape: tuple[int, ...]
    total: int
    trainable: int
    non_trainable: int
    mult_adds: int


def model_size(run_dir: str | Path) -> Size:
    model, meta = load_checkpoint(Path(run_dir))
    input_shape = tuple(meta["model"]["input_shape"])
    s = summarize(model, input_shape)
    spec = meta["model"].get("spec") or meta["model"].get("module") or "?"
    return Size(spec, input_shape, s.total_params, s.trainable_params, s.non_trainable_params, s.mult_adds)
