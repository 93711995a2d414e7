"""cnnlab's one colour convention, for the CLI figures, the report and the web page.

Signed values (weights, conv outputs, linear activations) use a diverging map centred on zero:
red is positive, blue is negative, white is zero, with the same bound on both sides. Values that
cannot be negative (after ReLU or pooling of ReLU, probabilities of a map) use a sequential map
(viridis), dark for low and yellow for high. Images themselves (inputs, blurred digits) stay grey.
The page's JavaScript carries the same stops in
`cnnlab/web/static/common.js` (`cnn.COLORS`); a test checks that the two agree.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.colors import Colormap, LinearSegmentedColormap, Normalize

# RdBu (ColorBrewer, 7 classes) from negative to positive: blue, white at the centre, red.
DIVERGING_STOPS: tuple[str, ...] = ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b")
# viridis sampled at 9 points, from low to high
SEQUENTIAL_STOPS: tuple[str, ...] = ("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962",
                                     "#addc30", "#fde725")
POSITIVE, NEGATIVE = DIVERGING_STOPS[-1], DIVERGING_STOPS[0]  # bars of a signed vector
GAP = "#dcdcdc"  # between the tiles of a mosaic: grey, so near-zero (white) tiles keep their edges


@cache
def diverging() -> Colormap:
    """Blue (negative) - white (0) - red (positive); masked values (gaps) are grey."""
    return LinearSegmentedColormap.from_list("cnnlab_diverging", DIVERGING_STOPS, N=256).with_extremes(bad=GAP)


@cache
def sequential() -> Colormap:
    """Viridis from the same stops as the page; masked values (gaps) are grey."""
    return LinearSegmentedColormap.from_list("cnnlab_sequential", SEQUENTIAL_STOPS, N=256).with_extremes(bad=GAP)


def is_signed(values: np.ndarray) -> bool:
    """Whether `values` holds a negative finite number (then the diverging map applies)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return bool(v.size) and bool((v < 0).any())


def scale_for(values: np.ndarray) -> tuple[Colormap, Normalize]:
    """The colour map and normalisation for `values`: diverging and symmetric about 0 when any is negative,
    else sequential from 0 (or the minimum, if positive everywhere and far from 0) to the maximum."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return sequential(), Normalize(0.0, 1.0)
    if is_signed(v):
        bound = float(np.abs(v).max()) or 1.0
        return diverging(), Normalize(-bound, bound)
    hi = float(v.max())
    return sequential(), Normalize(0.0, hi if hi > 0 else 1.0)


def hex_color(cmap: Colormap, norm: Normalize, value: float) -> str:
    """`#rrggbb` of `value` under `cmap` and `norm` (what a figure draws for it)."""
    r, g, b, _ = cmap(float(norm(value)))
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in (r, g, b)))
