"""Parsing answers: msgspec's JSON parser when it is installed, else the standard library's.

msgspec parses an order about twice as fast as `json.loads` and gives the same Python
objects for everything it accepts (integers of any size stay exact; orjson, by contrast,
turns integers past 64 bits into floats). What it refuses (NaN, 1e400, lone surrogates, a
BOM, UTF-16) goes to `json.loads`, so every answer parses exactly as `json.loads` parses it,
and a machine without msgspec only loses the speed.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["TooDeepError", "deeper_than", "loads"]

try:
    import msgspec
except ImportError:  # pragma: no cover - msgspec is a dependency; this keeps it optional
    _loads = json.loads
else:
    _decode = msgspec.json.Decoder().decode
    _MsgspecError = msgspec.MsgspecError

    def _loads(data: bytes | str) -> Any:  # type: ignore[misc]
        """`json.loads(data)`, faster."""
        try:
            return _decode(data)
        except _MsgspecError:
            return json.loads(data)


class TooDeepError(ValueError):
    """JSON nested deeper than the parser can follow (no answer of MultiSafepay's is)."""


def loads(data: bytes | str) -> Any:
    """Parse JSON; `ValueError` for what is not JSON, `TooDeepError` for JSON nested past
    Python's recursion limit (both parsers raise RecursionError there, which nobody
    catches)."""
    try:
        return _loads(data)
    except RecursionError:
        raise TooDeepError("JSON nested too deeply to parse") from None


def deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects in `value` nest more than `limit` levels (without
    recursion: the point is to refuse what recursion would choke on later)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
