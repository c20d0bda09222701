"""`client.tokens`: stored cards and accounts for recurring payments."""

from __future__ import annotations

from types import NoneType
from typing import Any, Unpack

from .._redact import redact
from ..errors import InvalidResponseError, NotFoundError, ValidationError
from ..models.transactions import Token
from ._base import CallOptions, Operation, Resource, outcome_unknown
from ._ids import page_params

__all__ = ["Tokens"]

_CUSTOMER = "recurring/{customer_reference}"
LIST_TOKENS = Operation(
    "tokens.list", "GET", _CUSTOMER, tuple[Token, ...], "listTokens", unwrap="tokens"
)
GET_TOKEN = Operation("tokens.get", "GET", _CUSTOMER + "/token/{token}", Token, "getToken")
# These two answer only with a confirmation (`updated: true`, `removed: true`), checked here.
UPDATE_EXPIRY = Operation(
    "tokens.update_expiry",
    "PATCH",
    _CUSTOMER + "/update/{token}",
    NoneType,
    "updateCardExpiryDate",
)
DELETE_TOKEN = Operation(
    "tokens.delete", "DELETE", _CUSTOMER + "/remove/{token}", NoneType, "deleteToken"
)


class Tokens(Resource):
    """Recurring tokens of a customer (`customer.reference` at checkout)."""

    async def list(
        self,
        customer_reference: str,
        *,
        limit: int = 10,
        offset: int = 0,
        **options: Unpack[CallOptions],
    ) -> tuple[Token, ...]:
        """`GET /recurring/{reference}`; a customer without tokens (MultiSafepay answers
        "not found") lists as empty."""
        params = page_params(limit=limit, offset=offset)
        try:
            return await self._send(LIST_TOKENS, customer_reference, params=params, options=options)
        except NotFoundError:
            return ()

    async def get(
        self, customer_reference: str, token: str, **options: Unpack[CallOptions]
    ) -> Token:
        """`GET /recurring/{reference}/token/{token}`."""
        return await self._send(GET_TOKEN, customer_reference, token, options=options)

    async def update_expiry(
        self,
        customer_reference: str,
        token: str,
        expiry_date: str,
        **options: Unpack[CallOptions],
    ) -> None:
        """Set a card token's expiry (`YYMM`, `PATCH /recurring/{ref}/update/{token}`).

        Returns once MultiSafepay confirms (`updated: true`); an answer that does not confirm
        it raises `OutcomeUnknownError`.
        """
        if not (isinstance(expiry_date, str) and len(expiry_date) == 4 and expiry_date.isdigit()):
            raise ValidationError("expiry_date", [f"$: expected YYMM, got {expiry_date!r}"])
        body = {"expiry_date": expiry_date}
        await self._confirmed(UPDATE_EXPIRY, "updated", (customer_reference, token), body, options)

    async def delete(
        self, customer_reference: str, token: str, **options: Unpack[CallOptions]
    ) -> None:
        """Remove a token (`DELETE /recurring/{ref}/remove/{token}`).

        Returns once MultiSafepay confirms (`removed: true`); an answer that does not confirm
        it raises `OutcomeUnknownError`.
        """
        await self._confirmed(DELETE_TOKEN, "removed", (customer_reference, token), None, options)

    async def _confirmed(
        self,
        op: Operation[None],
        key: str,
        ids: tuple[str, str],
        body: dict[str, Any] | None,
        options: CallOptions,
    ) -> None:
        """Send `op`; raise unless the answer's `data` says `{key: true}`."""
        data, path = await self._fetch(op, *ids, body=body, options=options)
        if isinstance(data, dict) and data.get(key) in (True, "true", "1"):
            return
        unconfirmed = InvalidResponseError(
            method=op.method,
            path=path,
            http_status=200,
            error_info=(
                "the answer does not confirm the change"
                f" (expected {key}: true, got {redact(repr(data)[:80])})"
            ),
        )
        raise outcome_unknown(unconfirmed, method=op.method, path=path, order_id=None)
