"""Small objects shared by requests and responses."""

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["NO_UNPARSED_TIMESTAMPS", "CustomInfo"]

#: The `unparsed_timestamps` of a model whose timestamps all parsed (the usual case).
NO_UNPARSED_TIMESTAMPS: Mapping[str, str] = MappingProxyType({})


@attrs.frozen(kw_only=True)
class CustomInfo:
    """Free fields shown in MultiSafepay Control."""

    custom_1: str | None = None
    custom_2: str | None = None
    custom_3: str | None = None
