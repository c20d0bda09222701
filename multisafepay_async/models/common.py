"""Small objects shared by requests and responses."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["CustomInfo"]  # the rest is how the models are built, not for users

#: The `unparsed_timestamps` of a model whose timestamps all parsed (the usual case).
NO_UNPARSED_TIMESTAMPS: Mapping[str, str] = MappingProxyType({})
#: The `model_extra` of a model whose JSON had no key it does not know (the usual case).
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


def extra_field() -> Any:
    """The `model_extra` field every answer model has: the keys of its JSON object that it
    has no field for, with their values as sent, read-only; `to_dict`/`to_json` give them
    back. So a field MultiSafepay adds is readable before this package knows it. Never sent
    in a request, never taken from one."""
    return attrs.field(default=NO_EXTRA, repr=False, hash=False, kw_only=True)


@attrs.frozen(kw_only=True)
class CustomInfo:
    """Free fields shown in MultiSafepay Control."""

    custom_1: str | None = None
    custom_2: str | None = None
    custom_3: str | None = None
    model_extra: Mapping[str, Any] = extra_field()
