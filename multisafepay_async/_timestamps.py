"""MultiSafepay's timestamps: every format it sends, and what to do with one nobody foresaw."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

__all__ = ["parse_timestamp", "unparsed_timestamps"]

# `23-02-2022 23:31:31`: the spec's transaction example and the .NET SDK's format.
_DAY_FIRST = re.compile(r"(\d{2})-(\d{2})-(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def parse_timestamp(value: Any) -> datetime:
    """A MultiSafepay timestamp: ISO 8601 with `T` or a space, with or without fraction and
    zone (naive when it has none), or day-first `dd-MM-yyyy HH:mm:ss`."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
        match = _DAY_FIRST.fullmatch(text)
        if match:
            day, month, year, hour, minute, second = match.groups(default="0")
            try:
                return datetime(
                    int(year), int(month), int(day), int(hour), int(minute), int(second)
                )
            except ValueError:
                pass
    shown = f"{type(value).__name__} {value!r}"
    raise ValueError(f"expected a timestamp (ISO 8601 or dd-MM-yyyy HH:mm:ss), got {shown}")


def unparsed_timestamps(data: Any, names: Iterable[str]) -> dict[str, str]:
    """The fields among `names` of the JSON object `data` that hold a timestamp that does not
    parse, each with the text MultiSafepay sent (JSON text for a non-string)."""
    found: dict[str, str] = {}
    if not isinstance(data, dict):
        return found
    for name in names:
        value = data.get(name)
        if value is None or value == "":
            continue
        try:
            parse_timestamp(value)
        except ValueError:
            found[name] = value if isinstance(value, str) else json.dumps(value)
    return found
