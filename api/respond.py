"""Answers checked against their model and written as JSON in the route's own thread.

FastAPI checks a plain ``def`` route's answer against its ``response_model``
on the thread pool: a second hop off the event loop and back for every
request, after the one that ran the route. Under 20 clients each hop waited
for a core. A route that returns :func:`model_response` does the same check
(the model's own validation, then its JSON) where it already runs, and
FastAPI sends the bytes as they are. The ``response_model`` stays on the
route for the OpenAPI document.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Response
from pydantic import BaseModel, TypeAdapter

__all__ = ["model_response"]


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(model)


def model_response(model: type[BaseModel], content: Any, *, status_code: int = 200) -> Response:
    """``content`` as ``model`` gives it, by its aliases as FastAPI would: a field
    the model lacks is dropped, a value it does not allow raises (a defect of
    ours, answered as a 500)."""
    adapter = _adapter(model)
    return Response(adapter.dump_json(adapter.validate_python(content), by_alias=True),
                    status_code=status_code, media_type="application/json")
