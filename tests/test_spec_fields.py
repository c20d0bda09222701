"""Every field MultiSafepay's spec documents for a request is one our request models accept,
under the same name and with a compatible type.

The walk starts from the client's own operations table (`OPERATIONS`: each operation's
request model) and the spec's request schema of the same operation (`allOf`, `anyOf`,
`oneOf` resolved), and descends into every nested object and list. A property the spec adds
later fails here, not for a customer.
"""

from __future__ import annotations

import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from multisafepay_async._model_hooks import optional_arg
from multisafepay_async.resources._base import OPERATIONS

from . import spec

# Operations whose body a method builds from its arguments rather than from a model: the
# spec's properties, and where each comes from.
BUILT_BY_THE_METHOD = {
    "cancelRefund": {"status": "always 'void'", "description": "description="},
    "updateCardExpiryDate": {"expiry_date": "expiry_date"},
}
# What JSON types each Python type of a request field takes.
_KINDS: dict[Any, set[str]] = {
    str: {"string"},
    int: {"integer"},
    bool: {"boolean"},
    Decimal: {"number", "integer"},
    date: {"string"},
    datetime: {"string"},
}


def accepted(tp: Any) -> set[str]:
    """The JSON types a field of type `tp` accepts."""
    tp = optional_arg(tp) or tp
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return accepted(typing.get_args(tp)[0])
    if origin is typing.Literal:
        return {"string"} if all(isinstance(a, str) for a in typing.get_args(tp)) else set()
    if origin in (typing.Union, __import__("types").UnionType):
        return set().union(*(accepted(a) for a in typing.get_args(tp)))
    if origin is tuple or origin is list:
        return {"array"}
    if origin is dict or attrs.has(tp):
        return {"object"}
    return _KINDS.get(tp, set())


def walk(model: Any, schemas: list[dict[str, Any]], path: str) -> list[str]:
    """Every documented property under `path` the model does not accept, as a problem."""
    fields = {a.name: a for a in attrs.fields(model)}
    hints = typing.get_type_hints(model, include_extras=True)
    documented: dict[str, list[dict[str, Any]]] = {}
    for schema in schemas:
        for name, subs in spec.properties(schema).items():
            documented.setdefault(name, []).extend(subs)
    problems = []
    for name, subs in sorted(documented.items()):
        where = f"{path}.{name}"
        if name not in fields:
            problems.append(f"{where}: not a field of {model.__name__}")
            continue
        kinds = spec.kinds(subs) - {"null", "any"}
        tp = hints[name]
        if not kinds <= accepted(tp):
            problems.append(f"{where}: the spec says {sorted(kinds)}, the model has {tp}")
            continue
        inner = optional_arg(tp) or tp
        if attrs.has(inner):
            problems += walk(inner, subs, where)
        elif typing.get_origin(inner) is tuple and attrs.has(typing.get_args(inner)[0]):
            problems += walk(typing.get_args(inner)[0], spec.items(subs), where + "[]")
    return problems


WITH_BODIES = [op for op in spec.operations() if op.request_schema() is not None]


def _model(op_id: str) -> Any:
    models = {op.request for op in OPERATIONS if op.spec_id == op_id}
    assert len(models) == 1, (op_id, models)
    return models.pop()


@pytest.mark.parametrize("operation", WITH_BODIES, ids=[op.id for op in WITH_BODIES])
def test_every_documented_request_field_is_accepted(operation: spec.Operation) -> None:
    schema = operation.request_schema()
    assert schema is not None
    if operation.id in BUILT_BY_THE_METHOD:
        assert set(spec.properties(schema)) == set(BUILT_BY_THE_METHOD[operation.id])
        return
    model = _model(operation.id)
    assert model is not None, f"{operation.id} has a body but its method declares no model"
    assert walk(model, [schema], "$") == []


def test_the_walk_would_see_a_missing_field() -> None:
    # The oracle itself: a property the model lacks, and one of another type.
    @attrs.frozen
    class Narrow:
        amount: str | None = None

    schema = {"properties": {"amount": {"type": "integer"}, "new": {"type": "string"}}}
    assert len(walk(Narrow, [schema], "$")) == 2


def test_the_walk_covers_every_request_the_spec_has() -> None:
    assert len(WITH_BODIES) == 23
