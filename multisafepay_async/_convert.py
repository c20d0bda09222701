"""Every JSON <-> model rule lives here (the scalar ones in `_scalars`); models never parse
JSON themselves.

One set of rules, configured onto two cattrs converters:

* `converter` reads MultiSafepay's answers and forgives what the API really sends: numbers as
  strings (`"quantity": "1"`), ids as numbers (`"house_number": 39`), `null`, `""` or `[]` for
  an absent object, unknown keys, unknown status values.
* `request_converter` reads what *users* give a request and forgives nothing that could
  change the meaning of a payment. Its whole policy (docs/requests.md), in one place here:
  integers (amounts, quantities, days) only as integers; decimals (prices, rates) only as
  numbers; ids only as strings; other text as a string or an integer (sent as its digits);
  booleans as true/false or 0/1; objects as objects; `null` as "not given"; unknown keys
  refused. It also writes request bodies (fields left as `None` are not sent).
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception

from ._model_hooks import make_model_hook, optional_arg
from ._scalars import (
    _bool,
    _date,
    _datetime,
    _decimal,
    _free_form,
    _id,
    _int_or_str,
    _is_id,
    _is_literal,
    _lenient_int,
    _lenient_str,
    _literal_hook,
    _status_hook,
    _str,
    _strict_bool,
    _strict_decimal,
    _strict_int,
    _unstructure_decimal,
    kind_of,
    short_repr,
)
from .errors import ValidationError
from .models.order import Cost, Order
from .models.status import FinancialStatus, OrderStatus
from .models.transactions import Token

T = TypeVar("T")

__all__ = [
    "converter",
    "decode_error",
    "detailed_converter",
    "request_converter",
    "short_repr",
    "structure_request",
    "to_json_body",
]


# --- container rules -------------------------------------------------------------------------


def _is_optional(tp: Any) -> bool:
    return optional_arg(tp) is not None


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def optional_parts(
    conv: cattrs.Converter, tp: Any, *, lenient: bool
) -> tuple[Callable[[Any, Any], Any], Any, tuple[type, ...]]:
    """For `X | None`: the hook of `X`, `X`, and the kinds of value whose empty form means
    None. In answers "" means "no value" for anything but a string, and PHP serialises an
    empty object as []."""
    inner: Any = optional_arg(tp)
    empty_kinds: tuple[type, ...] = ()
    if lenient and inner is not str:
        empty_kinds = (str, list) if attrs.has(inner) else (str,)
    return conv.get_structure_hook(inner), inner, empty_kinds


def _make_optional_hook(conv: cattrs.Converter, lenient: bool) -> Callable[[Any], Any]:
    def factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner_hook, inner, empty_kinds = optional_parts(conv, tp, lenient=lenient)
        # Most values are already right (a str for a str field): return those at once.
        fast = inner if inner in (str, int, bool) else None

        def hook(value: Any, _: Any) -> Any:
            if value is None or value.__class__ is fast:
                return value
            if value.__class__ in empty_kinds and not value:  # "" or []
                return None
            return inner_hook(value, inner)

        return hook

    return factory


def _make_tuple_hook(conv: cattrs.Converter, lenient: bool) -> Callable[[Any], Any]:
    def factory(tp: Any) -> Callable[[Any, Any], Any]:
        item = typing.get_args(tp)[0]
        item_hook = conv.get_structure_hook(item)
        # In answers, one where a list was documented is a list of one: legacy answers send
        # `payment_methods` as one object, the spec's own examples a `schedule` as one day.
        one = (dict if attrs.has(item) else str if item is str else None) if lenient else None

        def hook(value: Any, _: Any) -> tuple[Any, ...]:
            if value is None:
                return ()
            if value.__class__ is one:  # JSON's own types: no isinstance against an ABC
                value = [value] if value else []
            if not isinstance(value, (list, tuple)):
                raise ValueError(f"expected a list, got {type(value).__name__}")
            try:
                return tuple([item_hook(element, item) for element in value])
            except Exception:
                pass
            result, errors = [], []
            for index, element in enumerate(value):
                try:
                    result.append(item_hook(element, item))
                except Exception as exc:  # collected, so the error names the index
                    note = IterableValidationNote(f"Structuring {tp} @ index {index}", index, item)
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return tuple(result)

        return hook

    return factory


def _make_unstructure_without_nones(conv: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(cls: Any) -> Callable[[Any], dict[str, Any]]:
        # `model_extra` is not a key: models-out merges it back (`_dump`), bodies never
        # carry it (a cart read from an answer and sent again sends what the model knows).
        base = make_dict_unstructure_fn(cls, conv, **_not_extra(cls))

        def hook(obj: Any) -> dict[str, Any]:
            return {k: v for k, v in base(obj).items() if v is not None and v != []}

        return hook

    return factory


def _not_extra(cls: Any) -> dict[str, Any]:
    """cattrs overrides that leave an answer model's `model_extra` out (none for others)."""
    has = any(a.name == "model_extra" for a in attrs.fields(cls))
    return {"model_extra": override(omit=True)} if has else {}


def _configure(conv: cattrs.Converter, *, lenient: bool) -> cattrs.Converter:
    conv.register_structure_hook(int, _lenient_int if lenient else _strict_int)
    conv.register_structure_hook(str, _lenient_str if lenient else _str)
    conv.register_structure_hook(Decimal, _decimal if lenient else _strict_decimal)
    conv.register_structure_hook(bool, _bool if lenient else _strict_bool)
    conv.register_structure_hook_func(_is_id, _lenient_str if lenient else _id)
    conv.register_structure_hook(datetime, _datetime)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook(OrderStatus, _status_hook(OrderStatus))
    conv.register_structure_hook(FinancialStatus, _status_hook(FinancialStatus))
    conv.register_structure_hook_func(lambda tp: tp == int | str, _int_or_str)
    conv.register_structure_hook_func(lambda tp: tp == dict[str, Any], _free_form)
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    conv.register_structure_hook_factory(_is_optional, _make_optional_hook(conv, lenient))
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_hook(conv, lenient))
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook_factory(attrs.has, _make_unstructure_without_nones(conv))
    return conv


# Fields read from another key. The enum fields normalise; these keep what MultiSafepay sent.
RENAMES: dict[Any, dict[str, str]] = {
    Order: {"raw_status": "status", "raw_financial_status": "financial_status"},
    Cost: {"amount_major": "amount"},
}


def _answer_converter(*, detailed: bool, fast: bool = True) -> cattrs.Converter:
    conv = _configure(
        cattrs.Converter(forbid_extra_keys=False, detailed_validation=detailed), lenient=True
    )
    renames = RENAMES
    optional = functools.partial(optional_parts, conv, lenient=True)
    hooks = make_model_hook(conv, detailed=detailed, fast=fast, renames=renames, optional=optional)
    conv.register_structure_hook_factory(attrs.has, hooks)
    token: Callable[[Any, Any], Token] = hooks(Token)

    def structure_token(data: Any, cls: type[Token]) -> Token:
        # Token answers name the model `model` (get) or `recurring_model` (list).
        if isinstance(data, dict) and "recurring_model" not in data and "model" in data:
            data = {**data, "recurring_model": data["model"]}
        return token(data, cls)

    conv.register_structure_hook(Token, structure_token)
    return conv


# Answers are decoded by the fast converter (generated structuring, see _model_hooks); only
# when that fails does the detailed one (cattrs' own functions) run again over the same data,
# to say which field broke. `plain_converter` is the reference the fast path is tested against.
converter = _answer_converter(detailed=False)
detailed_converter = _answer_converter(detailed=True, fast=False)
plain_converter = _answer_converter(detailed=False, fast=False)

request_converter = _configure(cattrs.Converter(forbid_extra_keys=True), lenient=False)
# A request never takes `model_extra` (it would be an unknown key, and refused as one).
request_converter.register_structure_hook_factory(
    lambda cls: attrs.has(cls) and bool(_not_extra(cls)),
    lambda cls: make_dict_structure_fn(
        cls, request_converter, _cattrs_forbid_extra_keys=True, **_not_extra(cls)
    ),
)


# --- entry points ----------------------------------------------------------------------------


_FIELD = "\x1f"  # separates the `$.field: problem` lines a model validator reports


def _format_leaf(exc: BaseException, tp: type | None) -> str:
    if isinstance(exc, ValidationError):  # from a model's own validator, paths relative to it
        return _FIELD + _FIELD.join(exc.errors)
    # Our hooks phrase their own problems; cattrs' generic text says less.
    if isinstance(exc, ValueError) and not isinstance(exc, cattrs.BaseValidationError) and str(exc):
        return str(exc)
    return format_exception(exc, tp)


def describe_errors(exc: Exception) -> list[str]:
    """One `$.path: problem` line per leaf error of a cattrs structuring failure."""
    if isinstance(exc, ValidationError):
        return list(exc.errors)
    lines = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format_leaf):
        problem, _, where = line.rpartition(" @ ")
        if problem.startswith(_FIELD):
            lines += [where + error.removeprefix("$") for error in problem.split(_FIELD)[1:]]
        else:
            lines.append(f"{where}: {problem}" if problem else line)
    return lines


def decode_error(data: Any, cls: type[Any]) -> tuple[str, str]:
    """(`$.path`, problem) of the first reason `data` does not structure into `cls`."""
    try:
        detailed_converter.structure(data, cls)
    except Exception as exc:
        where, _, problem = describe_errors(exc)[0].partition(": ")
        return where, problem
    return "$", "could not be decoded"  # pragma: no cover - the fast converter failed alone


def structure_request(data: Mapping[str, Any] | T, cls: type[T], what: str) -> T:
    """Turn a user's mapping (or an instance) into `cls`, or raise `ValidationError`."""
    if isinstance(data, cls):
        return data
    if not isinstance(data, Mapping):
        raise ValidationError(
            what, [f"$: expected {cls.__name__} or a mapping, got {kind_of(data)}"]
        )
    try:
        return request_converter.structure(dict(data), cls)
    except ValidationError as exc:
        raise ValidationError(what, exc.errors) from None
    except Exception as exc:  # cattrs raises ExceptionGroups of anything the hooks raise
        raise ValidationError(what, describe_errors(exc)) from None


def to_json_body(obj: Any) -> dict[str, Any]:
    """A request model as the JSON-ready dict sent on the wire."""
    body = request_converter.unstructure(obj)
    assert isinstance(body, dict)
    return body
