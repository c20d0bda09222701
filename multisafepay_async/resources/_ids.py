"""The one check for ids that go into a URL path (order ids, tokens, gateway codes ...)."""

from __future__ import annotations

from ..errors import ValidationError

__all__ = ["path_id"]


def path_id(name: str, value: object) -> str:
    """`value` as a path segment: a non-blank string (an int is taken as its digits), or
    `ValidationError` before any request. Encoding happens later, in the client."""
    if type(value) is int:
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(name, [f"$: expected a non-empty string, got {value!r}"])
    return value
