"""Pydantic row models, one per feed, generated from :mod:`ingest.contract`.

The models are built from the contract's declaration rather than written out,
so a column cannot be declared in one place and validated differently in
another. Each field normalises its cell with the kind's normaliser; a required
field that ends up empty is a missing value; a model validator checks that no
interval ends before it starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)

from ingest.contract import Column, Feed, feed
from ingest.kinds import normaliser
from ingest.normalize.errors import NormalizationError

__all__ = ["RowProblem", "row_model", "validate_row"]


class _IntervalError(NormalizationError):
    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


class _MissingError(NormalizationError):
    pass


@dataclass(frozen=True)
class RowProblem:
    column: str
    reason: str


# Cells repeat: a border point, a nationality or a role on every other row, a
# traveller's name on each of his crossings. Each column remembers its last
# thousand distinct cells (values of these kinds are str, numbers or None,
# so sharing one is safe; a bad cell is not remembered and fails every time).
_REMEMBERED_CELLS = 1024
_LIST_KINDS = frozenset({"industry_codes"})


def _remembering(normalise: Callable[[Any], Any]) -> Callable[[Any], Any]:
    remembered = lru_cache(maxsize=_REMEMBERED_CELLS)(normalise)

    def run(raw: Any) -> Any:
        return remembered(raw) if type(raw) is str else normalise(raw)

    return run


def _field_validator(column: Column):
    normalise = normaliser(column.kind)
    if column.kind not in _LIST_KINDS:
        normalise = _remembering(normalise)

    def validate(raw: Any) -> Any:
        value = normalise(raw)
        if value is None and column.required:
            raise _MissingError(f"{column.name} is required but empty")
        return value

    return BeforeValidator(validate)


class _RowBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    __feed__: Feed

    @model_validator(mode="after")
    def _intervals_run_forward(self) -> "_RowBase":
        for start, end in self.__feed__.intervals:
            a, b = getattr(self, start), getattr(self, end)
            if a is not None and b is not None and b < a:
                raise _IntervalError(f"{end} {b} is before {start} {a}", end)
        return self


@cache
def row_model(feed_name: str) -> type[_RowBase]:
    """The pydantic model of one row of ``feed_name``."""
    spec = feed(feed_name)
    fields: dict[str, Any] = {
        column.name: (
            Annotated[Any, _field_validator(column)],
            Field(default=None, validate_default=True,
                  description=f"{column.alias}: {column.kind}"
                              + (" (required)" if column.required else "")),
        )
        for column in spec.columns
    }
    model = create_model(  # type: ignore[call-overload]
        "".join(part.title() for part in feed_name.split("_")) + "Row",
        __base__=_RowBase,
        **fields,
    )
    model.__feed__ = spec
    return model


def validate_row(feed_name: str, values: dict[str, Any]) -> tuple[dict[str, Any] | None, list[RowProblem]]:
    """Validate one row given by canonical column names.

    Returns the normalised values, or ``None`` and every problem found, each
    naming its canonical column and a reason a person can act on.
    """
    try:
        row = row_model(feed_name).model_validate(values)
    except ValidationError as exc:
        return None, [_problem(error) for error in exc.errors()]
    return row.model_dump(), []


def _problem(error: dict) -> RowProblem:
    cause = (error.get("ctx") or {}).get("error")
    column = error["loc"][0] if error["loc"] else getattr(cause, "column", "")
    if cause is not None:
        return RowProblem(str(column), str(cause))
    return RowProblem(str(column), error["msg"])
