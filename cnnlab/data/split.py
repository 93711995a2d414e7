"""Seeded, stratified splits: every class keeps its share in each part."""

from __future__ import annotations

import torch

from cnnlab.errors import CnnlabError


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
    kept, held_out = torch.nonzero(~mask).flatten(), torch.nonzero(mask).flatten()
    if fraction > 0 and len(labels) and len(kept) == 0:
        raise CnnlabError(f"holding out {fraction:g} of {len(labels):,} examples leaves none to train on "
                          "(use a smaller val_split or a larger subset)")
    return kept, held_out


def stratified_sample(labels: torch.Tensor, n: int, seed: int) -> torch.Tensor:
    """Sorted indices of about `n` examples with the classes in their original proportions."""
    if n > len(labels):
        raise CnnlabError(f"subset {n:,} is larger than the training set ({len(labels):,} examples)")
    if n == len(labels):
        return torch.arange(len(labels))
    return stratified_split(labels, n / len(labels), seed)[1]
