"""The JSON shapes of the HTTP API, declared once so the OpenAPI page (/docs) documents them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ModelInfo(BaseModel):
    id: str = Field(description="Opaque id: pass it as `model` to the other endpoints.")
    name: str
    kind: str = Field(description='"checkpoint" or "run" (a finished run of the store)')
    experiment: str | None = None
    run_id: str | None = None
    test_accuracy: float | None = None


class Prediction(BaseModel):
    model: str = Field(description="Id of the model that answered.")
    label: str = Field(description="Predicted class name.")
    index: int = Field(description="Predicted class index.")
    confidence: float
    classes: list[str]
    probabilities: list[float] = Field(description="One per class, in the order of `classes`.")
    input: list[Any] = Field(
        description="What the network saw, in [0, 1], before normalisation: "
        "28x28 rows for MNIST (H x W; C x H x W for colour models)."
    )


class Layer(BaseModel):
    name: str = Field(description="Layer name, e.g. conv1, relu1, pool1, fc1.")
    kind: str = Field(description="Module class, e.g. Conv2d.")
    description: str
    shape: list[int] = Field(description="[C, H, W] for feature maps, [N] for vectors.")
    data: str | None = Field(
        None,
        description="Maps only: base64 of C*H*W uint8 values, channel-major, "
        "each channel scaled to 0..255 over its own min..max.",
    )
    min: list[float] | None = Field(None, description="Maps only: each channel's true minimum.")
    max: list[float] | None = Field(None, description="Maps only: each channel's true maximum.")
    values: list[float] | None = Field(None, description="Vectors only: the raw activations.")


class Layers(Prediction):
    layers: list[Layer]


class Experiment(BaseModel):
    name: str
    description: str | None = None
    created: str | None = None
    updated: str | None = None
    spec_toml: str | None = None
    runs: int = 0
    finished: int = 0
    diverged: int = 0
    failed: int = 0


class Run(BaseModel):
    model_config = {"extra": "allow"}

    run_id: str
    experiment: str
    label: str | None = None
    seed: int | None = None
    status: str
    message: str | None = None
    epochs: int | None = None
    test_accuracy: float | None = None
    best_test_accuracy: float | None = None
    final_train_loss: float | None = None
    wall_seconds: float | None = None
    train_seconds: float | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    model_id: str | None = Field(None, description="Set when the run's final weights can be used on the draw page.")


class Search(BaseModel):
    """A `[search]` experiment: its trials (status, rung, settings, the metric per epoch), best trial, importances."""

    model_config = {"extra": "allow"}

    experiment: str
    metric: str
    trials: list[dict[str, Any]] = Field(description="Per trial: trial, params, status, epochs, rung, value, curve.")
    best: dict[str, Any] | None = None
    importances: dict[str, float] | None = None


class Curves(BaseModel):
    run_id: str
    epochs: list[dict[str, Any]] = Field(description="Per epoch: train/val/test loss and accuracy, lr, times.")
    steps: list[dict[str, Any]] = Field(description="Per logged step: loss, accuracy, lr, grad_norms per layer.")
