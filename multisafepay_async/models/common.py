"""Small objects shared by requests and responses."""

import attrs

__all__ = ["CustomInfo"]


@attrs.frozen(kw_only=True)
class CustomInfo:
    """Free fields shown in MultiSafepay Control."""

    custom_1: str | None = None
    custom_2: str | None = None
    custom_3: str | None = None
