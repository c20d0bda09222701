"""Read-only lookups: gateways, issuers, categories, payment methods, account, API token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ValidationError
from ..models.catalog import ApiToken, Category, Gateway, Issuer, Me, PaymentMethodInfo
from ._ids import path_id

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["Auth", "Categories", "Gateways", "Issuers", "PaymentMethods"]

T = TypeVar("T")


class _Lookup:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _get(
        self, cls: type[T], *segments: str, params: dict[str, Any] | None = None, **call: Any
    ) -> T:
        query = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        data = await self._client._request("GET", *segments, params=query, **call)
        return self._client._decode(data, cls, method="GET", path="/" + "/".join(segments))


def _param(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class Gateways(_Lookup):
    """`client.gateways`: the website's activated gateways."""

    async def list(
        self, *, country: str | None = None, include_coupons: bool = False, **call: Any
    ) -> tuple[Gateway, ...]:
        include = "coupons" if include_coupons else None
        params = {"country": country, "include": include}
        return await self._get(tuple[Gateway, ...], "gateways", params=params, **call)

    async def get(self, gateway_id: str, **call: Any) -> Gateway:
        return await self._get(Gateway, "gateways", path_id("gateway_id", gateway_id), **call)


class Issuers(_Lookup):
    """`client.issuers`: the banks of a gateway (iDEAL)."""

    async def list(self, gateway: str = "IDEAL", **call: Any) -> tuple[Issuer, ...]:
        return await self._get(tuple[Issuer, ...], "issuers", path_id("gateway", gateway), **call)


class Categories(_Lookup):
    """`client.categories`: site categories."""

    async def list(self, **call: Any) -> tuple[Category, ...]:
        return await self._get(tuple[Category, ...], "categories", **call)


class PaymentMethods(_Lookup):
    """`client.payment_methods`: activated methods, optionally for an amount and country."""

    async def list(
        self,
        *,
        amount: int | None = None,
        country: str | None = None,
        currency: str | None = None,
        group_cards: bool | None = None,
        include_coupons: bool | None = None,
        **call: Any,
    ) -> tuple[PaymentMethodInfo, ...]:
        if amount is not None and (type(amount) is not int or amount < 0):
            raise ValidationError(
                "payment_methods filter", [f"$.amount: minor units, got {amount!r}"]
            )
        params = {
            "amount": amount,
            "country": country,
            "currency": currency,
            "group_cards": group_cards,
            "include_coupons": include_coupons,
        }
        return await self._get(
            tuple[PaymentMethodInfo, ...], "payment-methods", params=params, **call
        )

    async def get(self, method_id: str, **call: Any) -> PaymentMethodInfo:
        method = path_id("method_id", method_id)
        return await self._get(PaymentMethodInfo, "payment-methods", method, **call)


class Auth(_Lookup):
    """`client.auth`: tokens for browser-side payment components."""

    async def api_token(self, **call: Any) -> ApiToken:
        return await self._get(ApiToken, "auth", "api_token", **call)

    async def me(self, **call: Any) -> Me:
        return await self._get(Me, "me", **call)
