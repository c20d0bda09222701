"""The request policy (docs/requests.md), applied to every field of every request model.

The fields come from the client's operations table (each operation's request model, and
every model nested in it), so a field added to any request is held to the policy at once:
integers only as integers, decimals only as numbers, ids only as strings, other text as a
string or an integer (its digits), booleans as true/false or 0/1, `None` as not given.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

import attrs
import pytest

from multisafepay_async._convert import request_converter
from multisafepay_async._model_hooks import optional_arg
from multisafepay_async.models.requests import ID
from multisafepay_async.resources._base import OPERATIONS


def request_models() -> list[type[Any]]:
    found: list[type[Any]] = []
    todo = [op.request for op in OPERATIONS if op.request is not None]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for tp in typing.get_type_hints(model, include_extras=True).values():
            for inner in (optional_arg(tp) or tp, *typing.get_args(optional_arg(tp) or tp)):
                if attrs.has(inner):
                    todo.append(inner)
    return sorted(found, key=lambda m: m.__name__)


def fields(kind: str) -> list[Any]:
    """(model.field, type) of every request field of a kind: int, decimal, id, text, bool."""
    found = []
    for model in request_models():
        for name, tp in typing.get_type_hints(model, include_extras=True).items():
            inner = optional_arg(tp) or tp
            is_id = typing.get_origin(inner) is typing.Annotated and ID in inner.__metadata__
            of_kind = {
                "int": inner is int,
                "decimal": inner is Decimal,
                "id": is_id,
                "text": inner is str,
                "bool": inner is bool,
            }[kind]
            if of_kind:
                found.append(pytest.param(tp, id=f"{model.__name__}.{name}"))
    return found


def structured(tp: Any, value: Any) -> Any:
    return request_converter.get_structure_hook(tp)(value, tp)


def refused(tp: Any, value: Any) -> bool:
    try:
        structured(tp, value)
    except Exception:
        return True
    return False


@pytest.mark.parametrize("tp", fields("int"))
def test_an_integer_field_takes_only_an_integer(tp: Any) -> None:
    assert structured(tp, 1000) == 1000
    assert all(refused(tp, bad) for bad in ("1000", 1000.0, True, "", [1]))


@pytest.mark.parametrize("tp", fields("decimal"))
def test_a_decimal_field_takes_only_a_number(tp: Any) -> None:
    assert structured(tp, 19.95) == Decimal("19.95") and structured(tp, 2) == 2
    assert all(refused(tp, bad) for bad in ("19.95", True, "", float("nan"), 1e30))


@pytest.mark.parametrize("tp", fields("id"))
def test_an_id_field_takes_only_a_string(tp: Any) -> None:
    assert structured(tp, "00123") == "00123"
    assert all(refused(tp, bad) for bad in (123, 1.0, True, b"x"))


@pytest.mark.parametrize("tp", fields("text"))
def test_a_text_field_takes_text_or_an_integer_as_its_digits(tp: Any) -> None:
    assert structured(tp, "39a") == "39a" and structured(tp, 39) == "39"
    assert all(refused(tp, bad) for bad in (39.5, True, b"39", ["39"]))


@pytest.mark.parametrize("tp", fields("bool"))
def test_a_boolean_field_takes_true_false_0_or_1(tp: Any) -> None:
    assert [structured(tp, v) for v in (True, False, 1, 0)] == [True, False, True, False]
    assert all(refused(tp, bad) for bad in ("true", "1", "", 2, None if tp is bool else "no"))


def test_none_is_not_given_and_is_not_sent() -> None:
    from multisafepay_async._convert import structure_request, to_json_body
    from multisafepay_async.models import OrderRequest

    body = {"order_id": "o", "currency": "EUR", "amount": 1, "description": "d", "var1": None}
    assert "var1" not in to_json_body(structure_request(body, OrderRequest, "order"))


def test_the_policy_reaches_every_kind_of_field() -> None:
    counts = {kind: len(fields(kind)) for kind in ("int", "decimal", "id", "text", "bool")}
    assert all(counts.values()), counts
    assert len(request_models()) >= 25
