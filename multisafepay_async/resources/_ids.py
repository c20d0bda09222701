"""The checks of arguments that are not request bodies: ids that go into a URL path (order
ids, tokens, gateway codes ...), flags and optional texts. Each raises `ValidationError`
before any I/O, naming the argument.

An id is data, never a path: `orders.get("..")` must not become `GET /v1/json`. So every
value that is not an identifier MultiSafepay can have is refused before any I/O, and the rest
is percent-encoded (in the request path, `_request._build`). POS order ids may contain `/`
(`[a-zA-Z0-9/_-]`), so a slash is allowed between other characters and sent encoded (`%2F`);
what a server or proxy that decodes `%2F` would read as a path step (an empty, `.` or `..`
part) is refused.
"""

from __future__ import annotations

import re

from .._scalars import short_repr
from ..errors import ValidationError

__all__ = [
    "MAX_ID_LENGTH",
    "flag",
    "instance_or_none",
    "optional_text",
    "path_id",
    "required_text",
    "unsafe_segment",
]

#: No MultiSafepay identifier is longer (order ids: 50; tokens, references: far less). A
#: longer value is a bug in the caller, and would make a URL some servers refuse.
MAX_ID_LENGTH = 255

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")


def unsafe_segment(value: str) -> str | None:
    """Why `value` cannot be a path segment, or None when it can."""
    if not value.strip():
        return "expected a non-empty id"
    if len(value) > MAX_ID_LENGTH:
        return f"longer than {MAX_ID_LENGTH} characters ({len(value)})"
    if _CONTROL.search(value):
        return "contains a control character"
    if any(part in ("", ".", "..") for part in re.split(r"[/\\]", value)):
        return "a path step (empty, '.' or '..') is not an id"
    if _ESCAPED.search(value):
        return "looks percent-encoded; pass the id itself, it is encoded for you"
    return None


def path_id(name: str, value: object) -> str:
    """`value` as a path segment: a string (an int is taken as its digits) that is an id
    MultiSafepay can have, or `ValidationError` before any request."""
    if type(value) is int:
        value = str(value)
    if not isinstance(value, str):
        raise ValidationError(name, [f"$: expected a string id, got {type(value).__name__}"])
    problem = unsafe_segment(value)
    if problem is not None:
        raise ValidationError(name, [f"$: {problem}: {short_repr(value)}"])
    return value


def required_text(name: str, value: object) -> str:
    """A required, non-blank string field of a body (not a path: any characters)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(name, [f"$: expected a non-empty string, got {short_repr(value)}"])
    return value


def optional_text(name: str, value: object) -> str | None:
    """An optional string argument (a country, a locale, a description)."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(name, [f"$: expected a string or None, got {short_repr(value)}"])
    return value


def flag(name: str, value: object) -> bool:
    """A boolean argument: True or False, not anything truthy."""
    if not isinstance(value, bool):
        raise ValidationError(name, [f"$: expected True or False, got {short_repr(value)}"])
    return value


def instance_or_none(name: str, value: object, cls: type) -> None:
    """An optional argument that must be a `cls` (an `Order` passed to save a lookup)."""
    if value is not None and not isinstance(value, cls):
        raise ValidationError(
            name, [f"$: expected {cls.__name__} or None, got {short_repr(value)}"]
        )


def page_params(*, limit: object = None, offset: object = None) -> dict[str, str]:
    """The query of a page: `limit` >= 1 items from `offset` >= 0, either left out when None."""
    problems = []
    if limit is not None and (type(limit) is not int or limit < 1):
        problems.append(f"$.limit: an int >= 1, got {short_repr(limit)}")
    if offset is not None and (type(offset) is not int or offset < 0):
        problems.append(f"$.offset: an int >= 0, got {short_repr(offset)}")
    if problems:
        raise ValidationError("page", problems)
    return {k: str(v) for k, v in (("limit", limit), ("offset", offset)) if v is not None}


def currency_code(name: str, value: object) -> str:
    """A currency argument: a 3-letter ISO 4217 code (`EUR`), sent in upper case."""
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isalpha()):
        raise ValidationError(name, [f"$: a 3-letter ISO 4217 code like 'EUR', got {value!r:.40}"])
    return value.upper()
