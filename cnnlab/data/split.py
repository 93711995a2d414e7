"""Seeded, stratified splits: every class keeps its share in each part."""

from __future__ import annotations

import torch


def stratified_split(labels: torch.Tensor, fraction: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Indices (kept, held_out): `fraction` of each class held out (rounded per class), both sorted."""
    g = torch.Generator().manual_seed(seed)
    held: list[torch.Tensor] = []
    for c in torch.unique(labels):
        idx = torch.nonzero(labels == c).flatten()
        n = int(round(len(idx) * fraction))
        held.append(idx[torch.randperm(len(idx), generator=g)[:n]])
    mask = torch.zeros(len(labels), dtype=torch.bool)
    if held:
        mask[torch.cat(held)] = True
    return torch.nonzero(~mask).flatten(), torch.nonzero(mask).flatten()


def stratified_sample(labels: torch.Tensor, n: int, seed: int) -> torch.Tensor:
    """Sorted indices of about `n` examples with the classes in their original proportions."""
    if n >= len(labels):
        return torch.arange(len(labels))
    return stratified_split(labels, n / len(labels), seed)[1]
