"""Point of sale (`client.terminals`, `client.pos`) and wallets (`client.wallets`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from .._convert import structure_request, to_json_body
from ..models.pos import ApplePaySession, Receipt, Terminal, TerminalRequest
from ._base import CallExtras, Resource, Timeout
from ._ids import path_id, required_text

__all__ = ["Pos", "Terminals", "Wallets"]


class Terminals(Resource):
    """POS terminals of the account, or of one terminal group."""

    async def list(
        self,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[Terminal, ...]:
        """`GET /terminals` (a partner/affiliate key sees every terminal of its accounts)."""
        return await self._call(
            tuple[Terminal, ...],
            "GET",
            "terminals",
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty=[],
        )

    async def list_for_group(
        self,
        group_id: int | str,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[Terminal, ...]:
        """`GET /terminal-groups/{group_id}/terminals`."""
        return await self._call(
            tuple[Terminal, ...],
            "GET",
            "terminal-groups",
            path_id("group_id", group_id),
            "terminals",
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty=[],
        )

    async def create(
        self,
        terminal: TerminalRequest | Mapping[str, Any],
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> Terminal:
        """Register a terminal in a terminal group (`POST /terminals`)."""
        body = to_json_body(structure_request(terminal, TerminalRequest, "terminal"))
        return await self._call(
            Terminal,
            "POST",
            "terminals",
            body=body,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )


class Pos(Resource):
    """Point-of-sale receipts."""

    async def receipt(
        self,
        order_id: str,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> Receipt:
        """The receipt of a POS order (`GET /pos/receipt/{order_id}`)."""
        order_id = path_id("order_id", order_id)
        return await self._call(
            Receipt,
            "GET",
            "pos",
            "receipt",
            order_id,
            order_id=order_id,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )


class Wallets(Resource):
    """Wallet sessions."""

    async def apple_pay_session(
        self,
        *,
        validation_url: str,
        origin_domain: str,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> ApplePaySession:
        """Validate your Apple Pay merchant with MultiSafepay
        (`POST /wallets/sessions/applepay`); pass the session on to Apple Pay JS."""
        body = {
            "validation_url": required_text("validation_url", validation_url),
            "origin_domain": required_text("origin_domain", origin_domain),
        }
        return await self._call(
            ApplePaySession,
            "POST",
            "wallets",
            "sessions",
            "applepay",
            body=body,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )
