"""The weights a run starts from, saved as `init.safetensors` in its folder before its first step.

The report draws first-layer weights before and after training. Rather than hook into the training
loop, this builds the model with `models.seeded_model`, the one builder every run starts from, for the
data set's input shape and class count; `tests/experiments` checks the two agree tensor for tensor.
"""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import save as st_save

from cnnlab.config import TrainConfig
from cnnlab.models import seeded_model
from cnnlab.store.atomic import atomic_write_bytes
from cnnlab.training import session

INIT_FILE = "init.safetensors"


def initial_model(config: TrainConfig) -> torch.nn.Module:
    """The untrained model of `config`, with the weights its run starts from."""
    data = session.dataset_for(config)  # cached per process: the run itself reuses it
    saved_rng = torch.get_rng_state()
    try:
        model = seeded_model(config, data.input_shape, data.num_classes)
    finally:
        torch.set_rng_state(saved_rng)  # leave the process's RNG as it was
    return model


def save_initial_weights(config: TrainConfig, run_dir: Path) -> Path:
    """Write `run_dir/init.safetensors` unless it is already there (a resumed run keeps its first one)."""
    path = Path(run_dir) / INIT_FILE
    if not path.exists():
        tensors = {k: v.detach().to("cpu").contiguous() for k, v in initial_model(config).state_dict().items()}
        atomic_write_bytes(path, st_save(tensors, metadata={"seed": str(config.seed), "model": config.model}))
    return path
