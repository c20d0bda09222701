"""Point of sale (`client.terminals`, `client.pos`) and wallets (`client.wallets`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ..models.pos import ApplePaySession, Receipt, Terminal, TerminalRequest
from ._base import CallOptions, Operation, Resource
from ._ids import path_id, required_text

__all__ = ["Pos", "Terminals", "Wallets"]

# The terminal and wallet calls are the PHP SDK's; MultiSafepay's spec does not list them.
LIST_TERMINALS = Operation(
    "terminals.list", "GET", "terminals", tuple[Terminal, ...], None, key="account"
)
LIST_GROUP_TERMINALS = Operation(
    "terminals.list_for_group",
    "GET",
    "terminal-groups/{group_id}/terminals",
    tuple[Terminal, ...],
    None,
    key="account",
)
CREATE_TERMINAL = Operation(
    "terminals.create",
    "POST",
    "terminals",
    Terminal,
    None,
    key="account",
    request=TerminalRequest,
)
RECEIPT = Operation(
    "pos.receipt", "GET", "pos/receipt/{order_id}", Receipt, "getReceipt", key="terminal group"
)
APPLE_PAY_SESSION = Operation(
    "wallets.apple_pay_session", "POST", "wallets/sessions/applepay", ApplePaySession, None
)


class Terminals(Resource):
    """POS terminals of the account, or of one terminal group."""

    async def list(self, **options: Unpack[CallOptions]) -> tuple[Terminal, ...]:
        """`GET /terminals` (a partner/affiliate key sees every terminal of its accounts)."""
        return await self._send(LIST_TERMINALS, options=options)

    async def list_for_group(
        self, group_id: int | str, **options: Unpack[CallOptions]
    ) -> tuple[Terminal, ...]:
        """`GET /terminal-groups/{group_id}/terminals`."""
        return await self._send(LIST_GROUP_TERMINALS, group_id, options=options)

    async def create(
        self, terminal: TerminalRequest | Mapping[str, Any], **options: Unpack[CallOptions]
    ) -> Terminal:
        """Register a terminal in a terminal group (`POST /terminals`)."""
        return await self._send(CREATE_TERMINAL, body=terminal, options=options)


class Pos(Resource):
    """Point-of-sale receipts."""

    async def receipt(self, order_id: str, **options: Unpack[CallOptions]) -> Receipt:
        """The receipt of a POS order (`GET /pos/receipt/{order_id}`)."""
        order_id = path_id("order_id", order_id)
        return await self._send(RECEIPT, order_id, order_id=order_id, options=options)


class Wallets(Resource):
    """Wallet sessions."""

    async def apple_pay_session(
        self, *, validation_url: str, origin_domain: str, **options: Unpack[CallOptions]
    ) -> ApplePaySession:
        """Validate your Apple Pay merchant with MultiSafepay
        (`POST /wallets/sessions/applepay`); pass the session on to Apple Pay JS."""
        body = {
            "validation_url": required_text("validation_url", validation_url),
            "origin_domain": required_text("origin_domain", origin_domain),
        }
        return await self._send(APPLE_PAY_SESSION, body=body, options=options)
