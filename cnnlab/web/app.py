"""The web app: a page to draw digits and watch every layer respond, a store browser, and their HTTP API.

`create_app(source)` serves the models found at `source` (a checkpoint, a folder of checkpoints, or a
results store) through a server-side table of opaque ids (`ModelCatalog`). Pages and scripts are
plain files in `static/`, served from the package: no build step, nothing fetched from elsewhere.
The API is described by FastAPI's OpenAPI schema (/openapi.json), shown by a local page at /docs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from cnnlab.errors import CnnlabError
from cnnlab.inspection.one_pass import inspect_image
from cnnlab.inspection.predict import predict_image
from cnnlab.store.checkpoint import META, WEIGHTS
from cnnlab.version import __version__
from cnnlab.web import explain_api, schemas
from cnnlab.web.catalog import ModelCatalog
from cnnlab.web.encode import inspection_payload, prediction_payload
from cnnlab.web.limits import BodyLimit, load_model, read_upload
from cnnlab.web.store_view import StoreView, find_store, open_store_view, public_run

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024
RUN_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")

Upload = Annotated[UploadFile, File(description="An image file: PNG, JPEG, GIF, BMP, WebP, TIFF, ...")]
ModelId = Annotated[str | None, Form(description="A model id from GET /api/models (default: the first).")]


def create_app(source: Path, max_upload_bytes: int = DEFAULT_MAX_UPLOAD, trust_code: bool = False) -> FastAPI:
    """The app for the models at `source`; a missing or unusable source is a `CnnlabError`.

    `trust_code`: also offer `module:Class` checkpoints, whose loading imports their Python code.
    """
    source = Path(source).expanduser()
    if not source.exists():
        raise CnnlabError(f"{source}: no such checkpoint, folder of checkpoints, or store")
    if source.is_file() and source.name in (WEIGHTS, META):  # a checkpoint named by one of its two files
        source = source.parent
    db_path = find_store(source)
    store: StoreView | None = open_store_view(db_path) if db_path else None
    catalog = ModelCatalog(source, store, trust_code=trust_code)

    app = FastAPI(
        title="cnnlab",
        version=__version__,
        description="Draw a digit and watch the network respond; browse experiments and runs. "
        "Images go up as multipart field `file`; models are chosen by the opaque ids of `GET /api/models`.",
        docs_url=None,  # FastAPI's own pages load their scripts from a CDN; /docs below is served locally
        redoc_url=None,
    )
    app.add_middleware(BodyLimit, max_file_bytes=max_upload_bytes)
    app.state.max_upload_bytes = max_upload_bytes
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def run_info(run: dict) -> dict:
        return {**public_run(run), "model_id": catalog.id_for_run(run["run_id"])}

    def page(name: str) -> FileResponse:
        return FileResponse(STATIC / name, media_type="text/html")

    @app.get("/", include_in_schema=False)
    def draw_page():
        return page("index.html")

    @app.get("/runs", include_in_schema=False)
    def runs_page():
        return page("runs.html")

    @app.get("/docs", include_in_schema=False)
    def docs_page():
        return page("docs.html")

    @app.get("/api/models", response_model=list[schemas.ModelInfo], tags=["models"])
    def models() -> list[dict]:
        """The checkpoints and finished runs this server can use, by opaque id (first: the default)."""
        return [e.public() for e in catalog.refresh()]

    @app.post(
        "/api/predict",
        response_model=schemas.Prediction,
        tags=["models"],
        responses={
            400: {"description": "Not an image, corrupt, blank, or too many pixels"},
            404: {"description": "Unknown model id"},
            413: {"description": "Upload too large"},
        },
    )
    def predict(file: Upload, model: ModelId = None) -> dict:
        """Classify an uploaded image; digits are prepared the MNIST way (cropped, 20x20, centred in 28x28)."""
        image = read_upload(file, max_upload_bytes)
        entry, net, meta = load_model(catalog, model)
        try:
            with catalog.using(entry):
                p = predict_image(net, meta, image)
        except CnnlabError as e:  # e.g. a blank drawing: no ink to find
            raise HTTPException(400, str(e)) from None
        return prediction_payload(entry.id, meta["model"]["classes"], p.label, p.index, p.probabilities, p.model_input)

    @app.post(
        "/api/layers",
        response_model=schemas.Layers,
        response_model_exclude_none=True,
        tags=["models"],
        responses={
            400: {"description": "Not an image, unknown layer, ..."},
            404: {"description": "Unknown model id"},
            413: {"description": "Upload too large"},
        },
    )
    def layers(
        file: Upload,
        model: ModelId = None,
        layers: Annotated[
            str | None, Form(description="Comma-separated layer names (default: all but flatten/dropout).")
        ] = None,
    ) -> dict:
        """The prediction plus every layer's output (feature maps as base64 uint8 tiles, vectors as numbers)."""
        image = read_upload(file, max_upload_bytes)
        entry, net, meta = load_model(catalog, model)
        wanted = [n.strip() for n in layers.split(",") if n.strip()] if layers else None
        try:
            with catalog.using(entry):
                result = inspect_image(net, meta, image, wanted)
        except CnnlabError as e:
            raise HTTPException(400, str(e)) from None
        return inspection_payload(entry.id, meta["model"]["classes"], result)

    def need_store() -> StoreView:
        if store is None:
            raise HTTPException(404, "this server was started on a checkpoint, not a results store")
        return store

    @app.get("/api/experiments", response_model=list[schemas.Experiment], tags=["store"])
    def experiments() -> list[dict]:
        """Every experiment in the store, with its run counts (empty when serving checkpoints only)."""
        return [] if store is None else store.experiments()

    @app.get(
        "/api/experiments/{name}/runs",
        response_model=list[schemas.Run],
        tags=["store"],
        responses={404: {"description": "Unknown experiment, or no store"}},
    )
    def experiment_runs(name: Annotated[str, PathParam(max_length=200)]) -> list[dict]:
        """The runs of an experiment's latest `cnnlab run`, in grid order, with their final metrics."""
        view = need_store()
        if not view.has_experiment(name):
            raise HTTPException(404, f"unknown experiment {name!r}")
        catalog.refresh()
        return [run_info(r) for r in view.runs(name)]

    @app.get(
        "/api/experiments/{name}/search",
        response_model=schemas.Search,
        tags=["store"],
        responses={404: {"description": "Unknown experiment, not a search, or no store"}},
    )
    def experiment_search(name: Annotated[str, PathParam(max_length=200)]) -> dict:
        """A `[search]` experiment's trials, with each one's curve of the search's metric, its best trial with
        the repeats, and the importance of each setting."""
        view = need_store()
        if not view.has_experiment(name):
            raise HTTPException(404, f"unknown experiment {name!r}")
        found = view.search(name)
        if found is None:
            raise HTTPException(404, f"experiment {name!r} is not a search")
        return found

    @app.get(
        "/api/runs/{run_id}/curves",
        response_model=schemas.Curves,
        tags=["store"],
        responses={404: {"description": "Unknown run, or no store"}},
    )
    def run_curves(run_id: str) -> dict:
        """A run's learning curves: one record per epoch and one per logged step."""
        view = need_store()
        if not RUN_ID.match(run_id) or view.run(run_id) is None:
            raise HTTPException(404, f"unknown run {run_id[:80]!r}")
        return {"run_id": run_id, **view.curves(run_id)}

    app.include_router(explain_api.router)  # POST /api/explain
    app.state.catalog = catalog
    return app
