"""Point of sale (`client.terminals`, `client.pos`) and wallets (`client.wallets`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._convert import structure_request, to_json_body
from ..models.pos import ApplePaySession, Receipt, Terminal, TerminalRequest
from ._ids import path_id

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["Pos", "Terminals", "Wallets"]


class _Resource:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client


class Terminals(_Resource):
    """POS terminals of the account, or of one terminal group."""

    async def list(self, **call: Any) -> tuple[Terminal, ...]:
        data = await self._client._request("GET", "terminals", **call)
        return self._client._decode(
            data or [], tuple[Terminal, ...], method="GET", path="/terminals"
        )

    async def list_for_group(self, group_id: int | str, **call: Any) -> tuple[Terminal, ...]:
        segments = ("terminal-groups", path_id("group_id", group_id), "terminals")
        data = await self._client._request("GET", *segments, **call)
        path = "/" + "/".join(segments)
        return self._client._decode(data or [], tuple[Terminal, ...], method="GET", path=path)

    async def create(self, terminal: TerminalRequest | Mapping[str, Any], **call: Any) -> Terminal:
        body = to_json_body(structure_request(terminal, TerminalRequest, "terminal"))
        data = await self._client._request("POST", "terminals", body=body, **call)
        return self._client._decode(data, Terminal, method="POST", path="/terminals")


class Pos(_Resource):
    """Point-of-sale receipts."""

    async def receipt(self, order_id: str, **call: Any) -> Receipt:
        order_id = path_id("order_id", order_id)
        data = await self._client._request(
            "GET", "pos", "receipt", order_id, order_id=order_id, **call
        )
        return self._client._decode(data, Receipt, method="GET", path=f"/pos/receipt/{order_id}")


class Wallets(_Resource):
    """Wallet sessions."""

    async def apple_pay_session(
        self, *, validation_url: str, origin_domain: str, **call: Any
    ) -> ApplePaySession:
        """Validate your Apple Pay merchant with MultiSafepay
        (`POST /wallets/sessions/applepay`); pass the session on to Apple Pay JS."""
        body = {
            "validation_url": path_id("validation_url", validation_url),
            "origin_domain": path_id("origin_domain", origin_domain),
        }
        data = await self._client._request(
            "POST", "wallets", "sessions", "applepay", body=body, **call
        )
        path = "/wallets/sessions/applepay"
        return self._client._decode(data, ApplePaySession, method="POST", path=path)
