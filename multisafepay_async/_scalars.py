"""The scalar rules of the converters (`_convert`): how one JSON value becomes an int, a
text, a decimal, a boolean, a moment, an enum member, leniently (answers) or strictly
(requests). `_convert` registers them; the policy they make is in docs/requests.md."""

from __future__ import annotations

import contextlib
import re
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from ._json import deeper_than
from ._timestamps import parse_timestamp
from .models.requests import ID

__all__ = [
    "MAX_FREE_FORM_DEPTH",
    "kind_of",
    "short_repr",
]


def short_repr(value: object, limit: int = 80) -> str:
    """`repr(value)`, cut short for an error message (a 100 KB string is not a message)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text)} characters)"


def kind_of(value: object) -> str:
    return f"{type(value).__name__} {short_repr(value)}"


# --- scalar rules --------------------------------------------------------------------------


def _lenient_int(value: Any, _: type) -> int:
    if type(value) is int:
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-").isdigit():
            return int(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected an integer, got {kind_of(value)}")


def _strict_int(value: Any, _: type) -> int:
    if type(value) is int:
        return value
    raise ValueError(f"expected an integer, got {kind_of(value)}")


def _str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    if type(value) is int:  # ids and house numbers arrive as numbers; str() loses nothing
        return str(value)
    raise ValueError(f"expected a string, got {kind_of(value)}")


def _lenient_str(value: Any, cls: type) -> str:
    if type(value) is float:
        return repr(value)
    return _str(value, cls)


# Decimals carry at most this many places after the point (a price in major units, a rate).
_DECIMAL_DIGITS = 20
_PLAIN_DECIMAL = re.compile(r"-?\d{1,15}(\.\d*)?").fullmatch
# Free-form JSON in answers (a payment method's `tokenization`, ...) nests a few levels;
# far deeper is refused at decode time, before it makes models-out recurse too deeply.
MAX_FREE_FORM_DEPTH = 32


def _decimal(value: Any, _: type) -> Decimal:
    kind = value.__class__
    # The usual values, which cannot break the bounds below, skip checking them: a float of
    # at least 1e-4 has no more than 20 decimals in its shortest repr, an int or a short
    # plain decimal text below 10**15 none beyond what its length allows.
    if kind is float and (1e-4 <= value < 1e15 or -1e15 < value <= -1e-4 or value == 0.0):
        return Decimal(repr(value))
    if kind is int and -(10**15) < value < 10**15:
        return Decimal(value)
    if kind is str and len(value) <= 16 and value.isascii() and _PLAIN_DECIMAL(value):
        return Decimal(value)
    number = None
    if kind is float:
        number = Decimal(repr(value))  # the shortest repr is the number the JSON spelled
    elif kind is int or kind is Decimal:
        number = Decimal(value)
    elif kind is str:
        with contextlib.suppress(InvalidOperation):
            number = Decimal(value.strip())
    if number is None:
        raise ValueError(f"expected a decimal number, got {kind_of(value)}")
    if not number.is_finite() or not (
        number.as_tuple().exponent >= -_DECIMAL_DIGITS and number.adjusted() <= 15  # type: ignore[operator]
    ):
        # "Infinity", "NaN", "1e5000": no price or rate is; refused here, they would make
        # models-out raise (or, at 1e999999, spend seconds of CPU) later.
        raise ValueError(
            f"expected a finite number below 10**16 with at most {_DECIMAL_DIGITS} decimals,"
            f" got {kind_of(value)}"
        )
    return number


def _strict_decimal(value: Any, cls: type) -> Decimal:
    # A price given as text is a guess at which number was meant ("19,95"?): numbers only.
    if value.__class__ not in (int, float, Decimal):
        raise ValueError(f"expected a number, got {kind_of(value)}")
    return _decimal(value, cls)


def _id(value: Any, _: Any) -> str:
    if value.__class__ is not str:
        raise ValueError(f"expected the id as a string, got {kind_of(value)}")
    return value


def _is_id(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Annotated and ID in tp.__metadata__


def _free_form(value: Any, _: type) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected an object, got {kind_of(value)}")
    if deeper_than(value, MAX_FREE_FORM_DEPTH):
        raise ValueError(f"nested deeper than {MAX_FREE_FORM_DEPTH} levels")
    return dict(value)


_TRUE = frozenset({"1", "true", "yes"})
_FALSE = frozenset({"0", "false", "no"})


def _bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"expected a boolean, got {kind_of(value)}")


def _strict_bool(value: Any, _: type) -> bool:
    # 0 and 1 are how PHP (and MultiSafepay's own docs) write booleans; text is not one.
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise ValueError(f"expected true or false, got {kind_of(value)}")


def _datetime(value: Any, _: type) -> datetime:
    if value.__class__ is str:
        try:
            return datetime.fromisoformat(value)  # most answers: no need to strip first
        except ValueError:
            pass
    return parse_timestamp(value)  # the rules live in _timestamps


def _date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise ValueError(f"expected a date (YYYY-MM-DD), got {kind_of(value)}")


def _int_or_str(value: Any, _: Any) -> int | str:
    # Kept as sent: a card expiry written 2512 stays a number on the way back out.
    if type(value) in (int, str):
        return value  # type: ignore[no-any-return]
    raise ValueError(f"expected an integer or a string, got {kind_of(value)}")


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal


def _literal_hook(tp: Any) -> Callable[[Any, Any], Any]:
    choices = typing.get_args(tp)

    def hook(value: Any, _: Any) -> Any:
        if value in choices and type(value) is str:
            return value
        raise ValueError(f"must be one of {', '.join(map(repr, choices))}, got {value!r}")

    return hook


def _status_hook(cls: type[Enum]) -> Callable[[Any, Any], Enum]:
    members = {member.value: member for member in cls}

    def hook(value: Any, _: Any) -> Enum:
        member = members.get(value) if value.__class__ is str else None
        # Aliases, odd case and unknown values (which become UNKNOWN): see models.status.
        return member if member is not None else cls(value)

    return hook


def _unstructure_decimal(value: Decimal) -> int | float | str:
    # JSON has no decimal type. Whole numbers go out as integers; a float whose repr gives
    # back the same Decimal is exact on the wire; anything more precise is sent as a string
    # rather than silently rounded.
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)
