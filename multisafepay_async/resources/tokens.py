"""`client.tokens`: stored cards and accounts for recurring payments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ..models.transactions import Token
from ._ids import path_id

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["Tokens"]


def _token_path(reference: object, action: str, token: object) -> tuple[str, ...]:
    """`/recurring/{reference}/{action}/{token}` as path segments."""
    return (
        "recurring",
        path_id("customer_reference", reference),
        action,
        path_id("token", token),
    )


class Tokens:
    """Recurring tokens of a customer (`customer.reference` at checkout)."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list(
        self, customer_reference: str, *, limit: int = 10, offset: int = 0, **call: Any
    ) -> tuple[Token, ...]:
        """`GET /recurring/{reference}`."""
        reference = path_id("customer_reference", customer_reference)
        if type(limit) is not int or limit < 1 or type(offset) is not int or offset < 0:
            raise ValidationError(
                "tokens", [f"$: limit >= 1 and offset >= 0, got {limit}, {offset}"]
            )
        params = {"limit": str(limit), "offset": str(offset)}
        data = await self._client._request("GET", "recurring", reference, params=params, **call)
        tokens = (data or {}).get("tokens") if isinstance(data, dict) else data
        return self._client._decode(
            tokens or [], tuple[Token, ...], method="GET", path=f"/recurring/{reference}"
        )

    async def get(self, customer_reference: str, token: str, **call: Any) -> Token:
        """`GET /recurring/{reference}/token/{token}`."""
        segments = _token_path(customer_reference, "token", token)
        data = await self._client._request("GET", *segments, **call)
        return self._client._decode(data, Token, method="GET", path="/" + "/".join(segments))

    async def update_expiry(
        self, customer_reference: str, token: str, expiry_date: str, **call: Any
    ) -> bool:
        """Set a card token's expiry (`YYMM`, `PATCH /recurring/{ref}/update/{token}`)."""
        if not (isinstance(expiry_date, str) and len(expiry_date) == 4 and expiry_date.isdigit()):
            raise ValidationError("expiry_date", [f"$: expected YYMM, got {expiry_date!r}"])
        segments = _token_path(customer_reference, "update", token)
        data = await self._client._request(
            "PATCH", *segments, body={"expiry_date": expiry_date}, **call
        )
        return bool(isinstance(data, dict) and data.get("updated"))

    async def delete(self, customer_reference: str, token: str, **call: Any) -> bool:
        """Remove a token (`DELETE /recurring/{ref}/remove/{token}`)."""
        segments = _token_path(customer_reference, "remove", token)
        data = await self._client._request("DELETE", *segments, **call)
        return bool(isinstance(data, dict) and data.get("removed"))
