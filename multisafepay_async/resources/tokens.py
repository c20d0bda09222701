"""`client.tokens`: stored cards and accounts for recurring payments."""

from __future__ import annotations

from typing import Unpack

from .._redact import redact
from ..errors import InvalidResponseError, NotFoundError, ValidationError
from ..models.transactions import Token
from ._base import CallExtras, Resource, Timeout
from ._ids import path_id

__all__ = ["Tokens"]


def _token_path(reference: object, action: str, token: object) -> tuple[str, ...]:
    """`/recurring/{reference}/{action}/{token}` as path segments."""
    return (
        "recurring",
        path_id("customer_reference", reference),
        action,
        path_id("token", token),
    )


class Tokens(Resource):
    """Recurring tokens of a customer (`customer.reference` at checkout)."""

    async def list(
        self,
        customer_reference: str,
        *,
        limit: int = 10,
        offset: int = 0,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[Token, ...]:
        """`GET /recurring/{reference}`; a customer without tokens (MultiSafepay answers
        "not found") lists as empty."""
        reference = path_id("customer_reference", customer_reference)
        if type(limit) is not int or limit < 1 or type(offset) is not int or offset < 0:
            raise ValidationError(
                "tokens", [f"$: limit >= 1 and offset >= 0, got {limit!r}, {offset!r}"]
            )
        params = {"limit": str(limit), "offset": str(offset)}
        try:
            data = await self._client._request(
                "GET",
                "recurring",
                reference,
                params=params,
                max_retries=max_retries,
                timeout=timeout,
                extras=extras,
            )
        except NotFoundError:
            return ()
        tokens = (data or {}).get("tokens") if isinstance(data, dict) else data
        return self._client._decode(
            tokens or [], tuple[Token, ...], method="GET", path=f"/recurring/{reference}"
        )

    async def get(
        self,
        customer_reference: str,
        token: str,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> Token:
        """`GET /recurring/{reference}/token/{token}`."""
        segments = _token_path(customer_reference, "token", token)
        return await self._call(
            Token, "GET", *segments, max_retries=max_retries, timeout=timeout, extras=extras
        )

    async def update_expiry(
        self,
        customer_reference: str,
        token: str,
        expiry_date: str,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> None:
        """Set a card token's expiry (`YYMM`, `PATCH /recurring/{ref}/update/{token}`).

        Returns once MultiSafepay confirms (`updated: true`); an answer that does not confirm
        it raises `InvalidResponseError`.
        """
        if not (isinstance(expiry_date, str) and len(expiry_date) == 4 and expiry_date.isdigit()):
            raise ValidationError("expiry_date", [f"$: expected YYMM, got {expiry_date!r}"])
        segments = _token_path(customer_reference, "update", token)
        data = await self._client._request(
            "PATCH",
            *segments,
            body={"expiry_date": expiry_date},
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )
        _confirmed(data, "updated", "PATCH", segments)

    async def delete(
        self,
        customer_reference: str,
        token: str,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> None:
        """Remove a token (`DELETE /recurring/{ref}/remove/{token}`).

        Returns once MultiSafepay confirms (`removed: true`); an answer that does not confirm
        it raises `InvalidResponseError`.
        """
        segments = _token_path(customer_reference, "remove", token)
        data = await self._client._request(
            "DELETE", *segments, max_retries=max_retries, timeout=timeout, extras=extras
        )
        _confirmed(data, "removed", "DELETE", segments)


def _confirmed(data: object, key: str, method: str, segments: tuple[str, ...]) -> None:
    """Raise unless the answer's `data` says `{key: true}`."""
    if isinstance(data, dict) and data.get(key) in (True, "true", "1"):
        return
    shown = redact(repr(data)[:80])
    raise InvalidResponseError(
        method=method,
        path="/" + "/".join(segments),
        http_status=200,
        error_info=f"the answer does not confirm the change (expected {key}: true, got {shown})",
    )
