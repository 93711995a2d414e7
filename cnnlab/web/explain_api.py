"""`POST /api/explain`: the attribution of a prediction over the drawing (cnnlab.explain, through Captum).

The page sends the same image it sends to /api/layers and draws the returned (H, W) map over the
28x28 input, red = evidence for the class, blue = against, white = none, scaled by `bound`.
An explanation holds the model's lock (`ModelCatalog.using`), as /api/predict and /api/layers do: Grad-CAM
hooks the shared model while it runs, and no other request may run that model meanwhile.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from pydantic import Field

from cnnlab.errors import CnnlabError
from cnnlab.explain.attribution import explain
from cnnlab.explain.methods import METHODS
from cnnlab.inspection.predict import model_input, normalised
from cnnlab.web.encode import input_list
from cnnlab.web.limits import load_model, read_upload
from cnnlab.web.schemas import Prediction

router = APIRouter(tags=["models"])


class Explanation(Prediction):
    """The prediction (the same fields as /api/predict) and its attribution map."""

    method: str = Field(description=f"One of {', '.join(METHODS)}.")
    layer: str | None = Field(None, description="Grad-CAM's layer.")
    target: str = Field(description="The class explained.")
    attribution: list[list[float]] = Field(
        description="(H, W) signed map scaled to [-1, 1]: > 0 evidence for `target`, < 0 against, 0 none."
    )
    bound: float = Field(description="The map's largest magnitude: attribution x bound gives the raw values.")
    signed: bool = Field(True, description="False for Grad-CAM's ReLU map, which holds evidence for `target` only.")


@router.post(
    "/api/explain",
    response_model=Explanation,
    responses={
        400: {"description": "Not an image, blank, unknown method, layer or target class"},
        404: {"description": "Unknown model id"},
        413: {"description": "Upload too large"},
        501: {"description": "Captum (the explain extra) is not installed"},
    },
)
def explain_upload(
    request: Request,
    file: Annotated[UploadFile, File(description="An image file: PNG, JPEG, GIF, BMP, WebP, TIFF, ...")],
    model: Annotated[str | None, Form(description="A model id from GET /api/models (default: the first).")] = None,
    method: Annotated[str, Form(description=f"One of {', '.join(METHODS)}.")] = "saliency",
    target: Annotated[str | None, Form(description="The class to explain (default: the prediction).")] = None,
    layer: Annotated[str | None, Form(description="Grad-CAM's layer (default: the last convolution).")] = None,
) -> dict[str, Any]:
    """Which pixels of the uploaded image drove the prediction (or the evidence for/against `target`)."""
    if method not in METHODS:
        raise HTTPException(400, f"unknown method {method!r} (choices: {', '.join(METHODS)})")
    image = read_upload(file, request.app.state.max_upload_bytes)
    catalog = request.app.state.catalog
    entry, net, meta = load_model(catalog, model)
    classes = [str(c) for c in meta["model"]["classes"]]
    if target is not None and target not in classes:
        raise HTTPException(400, f"unknown target class {target!r} (choices: {', '.join(classes)})")
    try:
        x = model_input(image, meta)
        device = next(net.parameters()).device
        with catalog.using(entry):
            e = explain(
                net,
                normalised(x, meta, device),
                method,
                None if target is None else classes.index(target),
                layer,
                classes=classes,
                images=x[None],
            )
    except CnnlabError as err:
        code = 501 if "cnnlab[explain]" in str(err) else 400
        raise HTTPException(code, str(err)) from None
    p, t = int(e.predicted[0]), int(e.target[0])
    attribution = np.nan_to_num(e.attributions[0].astype(np.float64))
    bound = float(np.abs(attribution).max())
    return {
        "model": entry.id,
        "label": classes[p],
        "index": p,
        "confidence": float(e.probabilities[0, p]),
        "classes": classes,
        "probabilities": [round(float(v), 6) for v in e.probabilities[0]],
        "input": input_list(x),
        "method": method,
        "layer": e.layer,
        "target": classes[t],
        "attribution": np.round(attribution / (bound or 1.0), 4).tolist(),
        "bound": bound,
        "signed": e.signed,
    }
