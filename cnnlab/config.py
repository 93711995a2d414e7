"""TrainConfig: every setting of one training run, with its default, in one place.

A run is fully described by this config plus its seed: the CLI flags, the TOML experiment specs and
the checkpoint JSON all read and write exactly these fields. Defaults reproduce the seed 000
baseline recipe (Adam, lr 1e-3, batch 64, 10 epochs on MNIST).
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from cnnlab.errors import CnnlabError

Optimizer = Literal["adam", "adamw", "sgd", "rmsprop", "adadelta"]
Schedule = Literal["none", "step", "multistep", "exponential", "cosine", "onecycle", "plateau"]
Init = Literal["default", "xavier", "kaiming", "normal"]
MAX_SEED = 2**32 - 1  # every RNG cnnlab seeds (torch, numpy) takes it, with room for derived seeds
MAX_EPOCHS = 10_000  # a 10,000-epoch run of the whole MNIST is weeks on a laptop: more is a typo
MAX_CROP_PADDING = 1024  # pixels a side; a padding is also refused when it is larger than the images
Activation = Literal["relu", "leakyrelu", "sigmoid", "tanh", "gelu", "elu", "silu"]


PANELS = ("Model", "Data", "Optimisation", "Schedule", "Run and output", "Augmentation")  # as --help shows them


def panel(name: str) -> dict[str, str]:
    """A field's group in `cnnlab train --help` (its metadata: the one place that says which panel it is in)."""
    assert name in PANELS, name
    return {"panel": name}


class TrainConfig(BaseModel):
    # strict: a setting of the wrong type (epochs = "3", lr = true, epochs = 3.5) is refused, never converted
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False, strict=True)

    # what to train on
    model: str = Field(
        "baseline",
        description="A preset (see `cnnlab models`), a layer spec in quotes such as \"conv 32 k3 > relu > flatten > "
        "linear 10\", or module:Class for your own nn.Module.",
        json_schema_extra=panel("Model"),
    )
    dataset: str = Field(
        "mnist",
        description="mnist (bundled, offline), cifar10, cifar100, or a folder holding one folder of images per class.",
        json_schema_extra=panel("Data"),
    )
    data_dir: str | None = Field(None, description="Folder holding the CIFAR files (torchvision layout).",
                                 json_schema_extra=panel("Data"))
    download: bool = Field(False, description="Download missing CIFAR archives and verify their checksums.",
                           json_schema_extra=panel("Data"))
    grayscale: bool = Field(False, description="Use CIFAR as one luma (grey) channel instead of three colours.",
                            json_schema_extra=panel("Data"))
    labels: Literal["fine", "coarse"] = Field(
        "fine", description="CIFAR-100 label set: 100 fine classes or 20 coarse superclasses.",
        json_schema_extra=panel("Data"),
    )
    subset: int | None = Field(
        None, ge=10, description="Train on a stratified sample of this many training images (none: all of them).",
        json_schema_extra=panel("Data"),
    )
    val_split: float = Field(
        0.1, ge=0.0, lt=1.0,
        description="Fraction of the training images held out for validation, stratified and seeded; 0: none.",
        json_schema_extra=panel("Data"),
    )
    normalize: bool = Field(
        True, description="Scale inputs by the training images' per-channel mean and std; off: raw pixels from 0 to 1 "
        "(as torchvision's ToTensor() alone gives).",
        json_schema_extra=panel("Data"),
    )

    # the recipe
    epochs: int = Field(10, ge=1, le=MAX_EPOCHS, description="Passes over the training images.",
                        json_schema_extra=panel("Optimisation"))
    batch_size: int = Field(64, ge=1, description="Training images per optimizer step.",
                            json_schema_extra=panel("Optimisation"))
    optimizer: Optimizer = Field("adam", description="What updates the weights (sgd and rmsprop take a momentum).",
                                 json_schema_extra=panel("Optimisation"))
    lr: float = Field(1e-3, gt=0.0, description="Learning rate (the peak rate for the onecycle schedule).",
                      json_schema_extra=panel("Optimisation"))
    momentum: float = Field(0.0, ge=0.0, lt=1.0, description="Momentum for sgd and rmsprop (below 1).",
                            json_schema_extra=panel("Optimisation"))
    nesterov: bool = Field(False, description="Nesterov momentum (sgd with a momentum above 0).",
                           json_schema_extra=panel("Optimisation"))
    beta1: float | None = Field(
        None, ge=0.0, lt=1.0,
        description="adam/adamw: decay of the running mean of gradients (none: torch's 0.9, which the onecycle "
        "schedule cycles 0.95-0.85-0.95; set: held at this value, onecycle too).",
        json_schema_extra=panel("Optimisation"),
    )
    beta2: float | None = Field(
        None, ge=0.0, lt=1.0,
        description="adam/adamw: decay of the running mean of squared gradients (none: torch's 0.999; lower "
        "adapts the step sizes faster, which short runs need).",
        json_schema_extra=panel("Optimisation"),
    )
    weight_decay: float = Field(0.0, ge=0.0, description="L2 weight decay (decoupled for adamw).",
                                json_schema_extra=panel("Optimisation"))
    schedule: Schedule = Field("none", description="How the learning rate changes over the run.",
                               json_schema_extra=panel("Schedule"))
    lr_step: int = Field(10, ge=1, description="step schedule: epochs between two decays of the learning rate.",
                         json_schema_extra=panel("Schedule"))
    lr_gamma: float = Field(
        0.1, gt=0.0, le=1.0, description="Decay factor of the step, multistep, exponential and plateau schedules.",
        json_schema_extra=panel("Schedule"),
    )
    lr_milestones: list[int] = Field(
        default_factory=list,
        description="multistep schedule: the epochs at which the learning rate decays, e.g. 10,15.",
        json_schema_extra=panel("Schedule"),
    )
    dropout: float | None = Field(
        None, ge=0.0, lt=1.0, description="Rate for every dropout layer (none: the rates written in the model).",
        json_schema_extra=panel("Model"),
    )
    activation: Activation | None = Field(
        None, description="Replace every activation of the model (none: the activations written in the model).",
        json_schema_extra=panel("Model"),
    )
    bn_momentum: float | None = Field(
        None, gt=0.0, lt=1.0,
        description="Every batch norm's momentum, as torch counts it: the weight of each batch in the running "
        "statistics (none: the model's, torch's 0.1; Keras's momentum 0.99 is 0.01 here).",
        json_schema_extra=panel("Model"),
    )
    bn_eps: float | None = Field(
        None, gt=0.0, lt=1.0,
        description="Every batch norm's epsilon, added to the variance (none: the model's, torch's 1e-5; Keras's "
        "is 1e-3).",
        json_schema_extra=panel("Model"),
    )
    init: Init = Field("default", description="Weight initialisation (default: PyTorch's own for each layer).",
                       json_schema_extra=panel("Model"))
    early_stop: int | None = Field(
        None, ge=1,
        description="Stop when the validation loss has not improved for this many epochs and keep the best "
        "epoch's weights (none: train every epoch).",
        json_schema_extra=panel("Optimisation"),
    )

    # bookkeeping
    seed: int = Field(0, description="Everything random (initialisation, split, shuffling, dropout) derives from it.",
                      json_schema_extra=panel("Run and output"))
    device: str = Field("auto", description="auto (a GPU if there is one), cpu, cuda, cuda:N or mps.",
                        json_schema_extra=panel("Run and output"))
    # auto: bf16 autocast where the CPU computes bf16 natively (AVX-512 BF16/AMX: 2x on the baseline, same
    # accuracy, benchmarks/seed_pipeline.py), fp32 elsewhere (GPU bf16 awaits a measurement)
    precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto",
        description="Arithmetic: auto (bf16 autocast on CPUs that compute bf16 natively, else fp32), fp32, bf16.",
        json_schema_extra=panel("Run and output"),
    )
    log_every: int = Field(
        10, ge=1, description="Optimizer steps between two step records (loss, accuracy, gradient norms).",
        json_schema_extra=panel("Run and output"),
    )

    # augmentation of training batches, on the device (cnnlab/data/augment.py); all off by default
    aug_rotation: float = Field(
        0.0, ge=0.0, le=180.0, description="Random rotation, up to this many degrees either way.",
        json_schema_extra=panel("Augmentation"),
    )
    aug_translate: float = Field(
        0.0, ge=0.0, lt=1.0, description="Random shift, up to this fraction of the image size in x and in y.",
        json_schema_extra=panel("Augmentation"),
    )
    aug_scale: float = Field(
        0.0, ge=0.0, lt=1.0, description="Random zoom by a factor between 1 - aug_scale and 1 + aug_scale.",
        json_schema_extra=panel("Augmentation"),
    )
    aug_shear: float = Field(0.0, ge=0.0, lt=90.0, description="Random shear, up to this many degrees either way.",
                             json_schema_extra=panel("Augmentation"))
    aug_elastic_alpha: float = Field(
        0.0, ge=0.0, description="Elastic distortion strength: largest displacement in pixels (0 = off).",
        json_schema_extra=panel("Augmentation"),
    )
    aug_elastic_sigma: float = Field(
        4.0, gt=0.0, description="Elastic distortion smoothness: Gaussian width of the displacement field, in pixels.",
        json_schema_extra=panel("Augmentation"),
    )
    aug_stroke: float = Field(
        0.0, ge=0.0, le=1.0, description="Random pen width: strokes grow or shrink by up to this many pixels a side.",
        json_schema_extra=panel("Augmentation"),
    )
    aug_crop_padding: int = Field(
        0, ge=0, le=MAX_CROP_PADDING,
        description="Random crop: pad by this many pixels, crop back at a random offset (at most the image side).",
        json_schema_extra=panel("Augmentation"),
    )
    aug_hflip: bool = Field(False, description="Flip half the images left-right at random (CIFAR, not digits).",
                            json_schema_extra=panel("Augmentation"))

    @field_validator("lr_milestones")
    @classmethod
    def _sorted_milestones(cls, v: list[int]) -> list[int]:
        if any(m < 1 for m in v) or v != sorted(set(v)):
            raise ValueError("must be increasing positive epoch numbers")
        return v

    @field_validator("lr", "weight_decay")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @field_validator("seed")
    @classmethod
    def _seed_range(cls, v: int) -> int:
        if not 0 <= v <= MAX_SEED:
            raise ValueError(f"must be a whole number from 0 to {MAX_SEED}")
        return v

    @field_validator("nesterov")
    @classmethod
    def _nesterov_needs_momentum(cls, v: bool, info: ValidationInfo) -> bool:
        if v and info.data.get("optimizer", "sgd") != "sgd":  # optimizer and momentum are declared before it
            raise ValueError(f"nesterov momentum is an sgd setting, not {info.data.get('optimizer')}'s "
                             "(use optimizer sgd, or drop nesterov)")
        if v and info.data.get("momentum", 0.0) <= 0:
            raise ValueError("nesterov needs momentum > 0 (set momentum, e.g. 0.9)")
        return v

    @field_validator("beta1", "beta2")
    @classmethod
    def _betas_are_adams(cls, v: float | None, info: ValidationInfo) -> float | None:
        optimizer = info.data.get("optimizer", "adam")  # declared before them
        if v is not None and optimizer not in ("adam", "adamw"):
            raise ValueError(f"{info.field_name} is an adam/adamw setting, not {optimizer}'s (use optimizer adam "
                             f"or adamw, or drop {info.field_name})")
        return v

    @field_validator("labels")
    @classmethod
    def _coarse_is_cifar100(cls, v: str, info: ValidationInfo) -> str:
        if v == "coarse" and info.data.get("dataset", "cifar100") != "cifar100":  # dataset is declared before
            raise ValueError(f"the coarse label set is CIFAR-100's 20 superclasses; dataset "
                             f"{info.data.get('dataset')!r} has no coarse labels (use dataset cifar100)")
        return v

    @model_validator(mode="after")
    def _schedule_has_what_it_needs(self) -> TrainConfig:
        if self.schedule == "multistep" and not self.lr_milestones:
            raise ValueError("lr_milestones: the multistep schedule needs the epochs at which it decays "
                             "(e.g. lr_milestones 10,15)")
        return self

    def updated(self, **changes: Any) -> TrainConfig:
        """A validated copy with `changes` applied (errors name the key)."""
        return make_config({**self.model_dump(), **changes})


FIELDS = tuple(TrainConfig.model_fields)
# settings added after stores existed: left out of a run's identity while unset, so a store's run ids and
# configuration keys stay what they were
UNSET_NOT_IN_IDENTITY = ("bn_momentum", "bn_eps", "beta1", "beta2")


def identity(config: TrainConfig) -> dict[str, Any]:
    """The settings that identify a run (its id, its configuration's key): every field, less late additions
    left unset."""
    values = config.model_dump()
    for key in UNSET_NOT_IN_IDENTITY:
        if values.get(key) is None:
            values.pop(key, None)
    return values


def describe_validation_error(err: ValidationError, source: str = "") -> str:
    """One line for the first problem: `lr: -1.0 is invalid: Input should be greater than 0`."""
    e = err.errors()[0]
    key = ".".join(str(p) for p in e["loc"]) or "config"
    where = f"{source}: " if source else ""
    if e["type"] == "extra_forbidden":
        return f"{where}unknown setting {key!r} (settings: {', '.join(FIELDS)})"
    msg = e["msg"].removeprefix("Value error, ")
    field, sep, rest = msg.partition(": ")
    if key == "config" and sep and field in FIELDS:  # a check across settings names the one to change
        given = e.get("input") if isinstance(e.get("input"), dict) else {}
        value = given.get(field, TrainConfig.model_fields[field].get_default(call_default_factory=True))
        return f"{where}invalid value for {field!r}: {value!r} ({rest})"
    return f"{where}invalid value for {key!r}: {e.get('input')!r} ({msg})"


def make_config(values: dict[str, Any], source: str = "") -> TrainConfig:
    """Build a TrainConfig from plain values, turning validation errors into a CnnlabError."""
    try:
        return TrainConfig(**values)
    except ValidationError as err:
        raise CnnlabError(describe_validation_error(err, source)) from None
