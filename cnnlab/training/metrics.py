"""Pure metric computations on tensors: evaluation, accuracy, gradient norms per layer."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def eval_batch_size(device: torch.device) -> int:
    """CPUs are fastest when a batch's activations stay in cache; GPUs want large batches."""
    return 128 if device.type == "cpu" else 2048


@torch.no_grad()
def predict_logits(model: nn.Module, x: torch.Tensor, batch_size: int | None = None) -> torch.Tensor:
    batch_size = batch_size or eval_batch_size(x.device)
    was_training = model.training
    model.eval()
    try:
        return torch.cat([model(chunk) for chunk in x.split(batch_size)])
    finally:
        model.train(was_training)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int | None = None) -> tuple[float, float]:
    """(mean cross-entropy loss, accuracy as a fraction), with a single host synchronisation."""
    logits = predict_logits(model, x, batch_size)
    loss = F.cross_entropy(logits.float(), y, reduction="sum")
    correct = (logits.argmax(1) == y).sum()
    loss_sum, n_correct = torch.stack([loss, correct.to(loss.dtype)]).tolist()
    return loss_sum / len(y), n_correct / len(y)


def layer_groups(model: nn.Module) -> dict[str, list[nn.Parameter]]:
    """Trainable parameters grouped by the module that owns them, in forward order: conv1, fc1, ..."""
    groups: dict[str, list[nn.Parameter]] = {}
    for name, m in model.named_modules():
        own = [p for p in m.parameters(recurse=False) if p.requires_grad]
        if own:
            groups[name or type(m).__name__] = own
    return groups


def grad_norms(groups: dict[str, list[nn.Parameter]]) -> torch.Tensor:
    """The L2 norm of each layer's gradient (weights and bias together), as one device tensor."""
    norms = []
    for params in groups.values():
        grads = [p.grad for p in params if p.grad is not None]
        norms.append(
            torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
            if grads
            else torch.zeros((), device=params[0].device)
        )
    return torch.stack(norms)
