"""Upload limits: a request body larger than the limit is refused with 413 while it is being read.

`BodyLimit` is a plain ASGI middleware. A declared Content-Length over the limit is answered at once,
before any of the body is read; a body without one (chunked) is counted as it streams in, and the
request fails with 413 as soon as the count passes the limit, so an oversized upload is never
buffered whole, let alone decoded.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, UploadFile
from PIL import Image
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from torch import nn

from cnnlab.data.preprocess import load_image
from cnnlab.errors import CnnlabError
from cnnlab.web.catalog import InvalidId, ModelCatalog, ModelEntry, UnknownModel

MAX_UPLOAD_PIXELS = 25_000_000  # declared width x height; bigger images are refused before decoding

# Room for the multipart envelope (boundaries, part headers, the model field) around the file itself.
ENVELOPE_BYTES = 64 * 1024


def too_large(limit: int) -> str:
    return f"upload too large: the limit is {limit:,} bytes"


class BodyLimit:
    def __init__(self, app: ASGIApp, max_file_bytes: int) -> None:
        self.app = app
        self.max_file_bytes = max_file_bytes
        self.max_body = max_file_bytes + ENVELOPE_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            response = JSONResponse(
                {"detail": too_large(self.max_file_bytes)}, status_code=413, headers={"Connection": "close"}
            )
            await response(scope, receive, send)
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # FastAPI passes an HTTPException raised while it parses the body straight through.
                    raise HTTPException(413, too_large(self.max_file_bytes))
            return message

        await self.app(scope, limited_receive, send)


def read_upload(file: UploadFile, limit: int) -> Image.Image:
    """The upload decoded to 8-bit grey, or 413 (too big) / 400 (not an image, corrupt, too many pixels)."""
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, too_large(limit))
    try:
        return load_image(data, max_pixels=MAX_UPLOAD_PIXELS)
    except CnnlabError as e:
        raise HTTPException(400, str(e)) from None


def load_model(catalog: ModelCatalog, model_id: str | None) -> tuple[ModelEntry, nn.Module, dict[str, Any]]:
    """The catalog's model for `model_id`, or 400 (malformed id) / 404 (unknown) / 500 (it cannot be loaded)."""
    try:
        return catalog.load(model_id)
    except InvalidId as e:
        raise HTTPException(400, str(e)) from None
    except UnknownModel as e:
        raise HTTPException(404, str(e)) from None
    except CnnlabError as e:
        raise HTTPException(500, f"the model cannot be loaded: {e}") from None
