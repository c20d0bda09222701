"""Read-only lookups: gateways, issuers, categories, payment methods, API token."""

from __future__ import annotations

from typing import Unpack

from ..errors import ValidationError
from ..models.catalog import ApiToken, Category, Gateway, Issuer, Me, PaymentMethodInfo
from ._base import CallOptions, Operation, Resource
from ._ids import currency_code, flag, optional_text

__all__ = ["ME", "Auth", "Categories", "Gateways", "Issuers", "PaymentMethods"]

# `client.me()`: in MultiSafepay's docs repository (me.yaml), not wired into its spec.
ME = Operation("me", "GET", "me", Me, None, key="any")
LIST_GATEWAYS = Operation("gateways.list", "GET", "gateways", tuple[Gateway, ...], "listGateways")
GET_GATEWAY = Operation("gateways.get", "GET", "gateways/{gateway_id}", Gateway, "getGateway")
LIST_ISSUERS = Operation(
    "issuers.list", "GET", "issuers/{gateway}", tuple[Issuer, ...], "listIssuers"
)
LIST_CATEGORIES = Operation(
    "categories.list", "GET", "categories", tuple[Category, ...], "listSiteCategories"
)
LIST_PAYMENT_METHODS = Operation(
    "payment_methods.list",
    "GET",
    "payment-methods",
    tuple[PaymentMethodInfo, ...],
    "listPaymentMethods",
)
GET_PAYMENT_METHOD = Operation(
    "payment_methods.get",
    "GET",
    "payment-methods/{method_id}",
    PaymentMethodInfo,
    "getPaymentMethod",
)
API_TOKEN = Operation("auth.api_token", "GET", "auth/api_token", ApiToken, "GenerateApiToken")


def _query(**params: str | bool | None) -> dict[str, str]:
    """The parameters that are set, as the API spells them (booleans as 1/0); anything but a
    string, a bool or None is refused (it would be sent as its repr)."""
    query = {}
    for name, value in params.items():
        if isinstance(value, bool):
            query[name] = "1" if value else "0"
        elif value is not None:
            query[name] = optional_text(name, value) or ""
    return query


class Gateways(Resource):
    """`client.gateways`: the website's activated gateways."""

    async def list(
        self,
        *,
        country: str | None = None,
        include_coupons: bool = False,
        **options: Unpack[CallOptions],
    ) -> tuple[Gateway, ...]:
        """`GET /gateways`, optionally for a country (ISO 3166-1 alpha-2) and with coupons."""
        coupons = flag("include_coupons", include_coupons)
        params = _query(country=country, include="coupons" if coupons else None)
        return await self._send(LIST_GATEWAYS, params=params, options=options)

    async def get(self, gateway_id: str, **options: Unpack[CallOptions]) -> Gateway:
        """`GET /gateways/{gateway_id}`."""
        return await self._send(GET_GATEWAY, gateway_id, options=options)


class Issuers(Resource):
    """`client.issuers`: the banks of a gateway (iDEAL)."""

    async def list(
        self, gateway: str = "IDEAL", **options: Unpack[CallOptions]
    ) -> tuple[Issuer, ...]:
        """`GET /issuers/{gateway}`."""
        return await self._send(LIST_ISSUERS, gateway, options=options)


class Categories(Resource):
    """`client.categories`: site categories."""

    async def list(self, **options: Unpack[CallOptions]) -> tuple[Category, ...]:
        """`GET /categories`."""
        return await self._send(LIST_CATEGORIES, options=options)


class PaymentMethods(Resource):
    """`client.payment_methods`: activated methods, optionally for an amount and country."""

    async def list(
        self,
        *,
        amount: int | None = None,
        country: str | None = None,
        currency: str | None = None,
        group_cards: bool | None = None,
        include_coupons: bool | None = None,
        **options: Unpack[CallOptions],
    ) -> tuple[PaymentMethodInfo, ...]:
        """`GET /payment-methods`; every filter is one of the spec's (`amount` in minor units)."""
        if amount is not None and (type(amount) is not int or amount < 0):
            raise ValidationError(
                "payment_methods filter", [f"$.amount: minor units, got {amount!r}"]
            )
        params = _query(
            amount=None if amount is None else str(amount),
            country=country,
            currency=None if currency is None else currency_code("currency", currency),
            group_cards=group_cards,
            include_coupons=include_coupons,
        )
        return await self._send(LIST_PAYMENT_METHODS, params=params, options=options)

    async def get(
        self,
        method_id: str,
        *,
        locale: str | None = None,
        country: str | None = None,
        **options: Unpack[CallOptions],
    ) -> PaymentMethodInfo:
        """`GET /payment-methods/{method_id}`, names in `locale` (e.g. `nl_NL`) if given."""
        params = _query(locale=locale, country=country)
        return await self._send(GET_PAYMENT_METHOD, method_id, params=params, options=options)


class Auth(Resource):
    """`client.auth`: tokens for browser-side payment components."""

    async def api_token(self, **options: Unpack[CallOptions]) -> ApiToken:
        """`GET /auth/api_token`: a short-lived token for payment components."""
        return await self._send(API_TOKEN, options=options)
