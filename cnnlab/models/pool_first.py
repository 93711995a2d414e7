"""The training view of a network: every "activation then max-pool" pair run as "max-pool then activation".

A max over a window commutes with any non-decreasing function, so `pool(act(x)) == act(pool(x))` bit for bit,
and the activation (and its backward) then touches a quarter of the elements. On the baseline's first block
(32 x 26 x 26 per image) that is the largest memory-bound tensor of the step: on the 2-core AVX2 VM the
swap made a training step 1.5x faster on one thread (benchmarks/cpu_goals.py [1] gives the whole epoch).

Gradients are equal too: with ReLU a window whose maximum is <= 0 sends no gradient either way; with a
strictly increasing activation both orders pick the same element, except where the activation rounds two
different inputs to one float (a saturated sigmoid), where either element is a valid subgradient.

The view shares the network's modules (same parameters, same names, same train/eval mode), so optimizers,
`state_dict` and `functional_call` see one model. Inspection (forward hooks, feature maps) keeps using the
network itself, whose layer outputs stay the ones its spec names.
"""

from __future__ import annotations

from torch import nn


def monotonic(m: nn.Module) -> bool:
    """True for the elementwise activations that never decrease (those a max-pool commutes with)."""
    if isinstance(m, (nn.ReLU, nn.ReLU6, nn.Sigmoid, nn.Tanh, nn.Hardtanh, nn.Hardsigmoid)):
        return True
    if isinstance(m, nn.LeakyReLU):
        return m.negative_slope >= 0
    if isinstance(m, nn.ELU):
        return m.alpha >= 0
    return False


def pool_first(model: nn.Module) -> nn.Module:
    """`model` itself when nothing swaps (or it is not an nn.Sequential with the plain forward), else its view."""
    if not isinstance(model, nn.Sequential) or type(model).forward is not nn.Sequential.forward:
        return model
    items = list(model.named_children())
    swapped = False
    for i in range(len(items) - 1):
        if monotonic(items[i][1]) and isinstance(items[i + 1][1], nn.MaxPool2d):
            items[i], items[i + 1] = items[i + 1], items[i]
            swapped = True
    if not swapped:
        return model
    view = nn.Sequential()
    for name, module in items:
        view.add_module(name, module)
    view.train(model.training)
    return view
