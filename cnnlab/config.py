"""TrainConfig: every setting of one training run, with its default, in one place.

A run is fully described by this config plus its seed: the CLI flags, the TOML experiment specs and
the checkpoint JSON all read and write exactly these fields. Defaults reproduce the seed 000
baseline recipe (Adam, lr 1e-3, batch 64, 10 epochs on MNIST).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cnnlab.errors import CnnlabError

Optimizer = Literal["adam", "adamw", "sgd", "rmsprop", "adadelta"]
Schedule = Literal["none", "step", "multistep", "exponential", "cosine", "onecycle", "plateau"]
Init = Literal["default", "xavier", "kaiming", "normal"]
Activation = Literal["relu", "leakyrelu", "sigmoid", "tanh", "gelu", "elu", "silu"]


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    # what to train on
    model: str = "baseline"  # a preset name, a layer spec ("conv 32 k3 > relu > ..."), or module:Class
    dataset: str = "mnist"  # mnist | cifar10 | cifar100 | a folder of images
    data_dir: str | None = None  # where cifar/folder files live (torchvision layout)
    download: bool = False  # fetch and verify missing CIFAR archives
    grayscale: bool = False  # CIFAR as one luma channel (seed 003)
    labels: Literal["fine", "coarse"] = "fine"  # CIFAR-100 label set (seed 002 uses coarse)
    subset: int | None = Field(None, ge=10)  # train on a stratified sample of this many examples
    val_split: float = Field(0.1, ge=0.0, lt=1.0)  # stratified, seeded; 0 = no validation set
    normalize: bool = Field(True, description="inputs scaled by the training mean/std; false: ToTensor() [0, 1]")

    # the recipe
    epochs: int = Field(10, ge=1)
    batch_size: int = Field(64, ge=1)
    optimizer: Optimizer = "adam"
    lr: float = Field(1e-3, gt=0.0)
    momentum: float = Field(0.0, ge=0.0, lt=1.0)  # SGD/RMSprop; >= 1 never converges
    nesterov: bool = False
    weight_decay: float = Field(0.0, ge=0.0)
    schedule: Schedule = "none"
    lr_step: int = Field(10, ge=1)  # step: epochs between decays (seed 003: 0.01 -> 0.001 after 10)
    lr_gamma: float = Field(0.1, gt=0.0, le=1.0)  # step/multistep/exponential/plateau decay factor
    lr_milestones: list[int] = Field(default_factory=list)  # multistep: epochs at which to decay
    dropout: float | None = Field(None, ge=0.0, lt=1.0)  # None: the rates written in the model spec
    activation: Activation | None = None  # None: the activations written in the model spec
    init: Init = "default"
    early_stop: int | None = Field(None, ge=1)  # patience in epochs on validation loss

    # bookkeeping
    seed: int = 0
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    # auto: bf16 autocast where the CPU computes bf16 natively (AVX-512 BF16/AMX: 2x on the baseline, same
    # accuracy, benchmarks/seed_pipeline.py), fp32 elsewhere (GPU bf16 awaits a measurement)
    precision: Literal["auto", "fp32", "bf16"] = "auto"
    log_every: int = Field(10, ge=1)  # steps between step-interval records (seeds 001, 003: 10)

    @field_validator("lr_milestones")
    @classmethod
    def _sorted_milestones(cls, v: list[int]) -> list[int]:
        if any(m < 1 for m in v) or v != sorted(set(v)):
            raise ValueError("must be increasing positive epoch numbers")
        return v

    def updated(self, **changes: Any) -> TrainConfig:
        """A validated copy with `changes` applied (errors name the key)."""
        return make_config({**self.model_dump(), **changes})


FIELDS = tuple(TrainConfig.model_fields)


def describe_validation_error(err: ValidationError, source: str = "") -> str:
    """One line for the first problem: `lr: -1.0 is invalid: Input should be greater than 0`."""
    e = err.errors()[0]
    key = ".".join(str(p) for p in e["loc"]) or "config"
    where = f"{source}: " if source else ""
    if e["type"] == "extra_forbidden":
        return f"{where}unknown setting {key!r} (settings: {', '.join(FIELDS)})"
    msg = e["msg"].removeprefix("Value error, ")
    return f"{where}invalid value for {key!r}: {e.get('input')!r} ({msg})"


def make_config(values: dict[str, Any], source: str = "") -> TrainConfig:
    """Build a TrainConfig from plain values, turning validation errors into a CnnlabError."""
    try:
        return TrainConfig(**values)
    except ValidationError as err:
        raise CnnlabError(describe_validation_error(err, source)) from None
