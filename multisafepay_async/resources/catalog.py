"""Read-only lookups: gateways, issuers, categories, payment methods, account, API token."""

from __future__ import annotations

from typing import Unpack

from ..errors import ValidationError
from ..models.catalog import ApiToken, Category, Gateway, Issuer, PaymentMethodInfo
from ._base import CallExtras, Resource, Timeout
from ._ids import flag, optional_text, path_id

__all__ = ["Auth", "Categories", "Gateways", "Issuers", "PaymentMethods"]


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
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[Gateway, ...]:
        """`GET /gateways`, optionally for a country (ISO 3166-1 alpha-2) and with coupons."""
        coupons = flag("include_coupons", include_coupons)
        params = _query(country=country, include="coupons" if coupons else None)
        return await self._call(
            tuple[Gateway, ...],
            "GET",
            "gateways",
            params=params,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty=[],
        )

    async def get(
        self,
        gateway_id: str,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> Gateway:
        """`GET /gateways/{gateway_id}`."""
        gateway = path_id("gateway_id", gateway_id)
        return await self._call(
            Gateway,
            "GET",
            "gateways",
            gateway,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )


class Issuers(Resource):
    """`client.issuers`: the banks of a gateway (iDEAL)."""

    async def list(
        self,
        gateway: str = "IDEAL",
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[Issuer, ...]:
        """`GET /issuers/{gateway}`."""
        return await self._call(
            tuple[Issuer, ...],
            "GET",
            "issuers",
            path_id("gateway", gateway),
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty=[],
        )


class Categories(Resource):
    """`client.categories`: site categories."""

    async def list(
        self,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[Category, ...]:
        """`GET /categories`."""
        return await self._call(
            tuple[Category, ...],
            "GET",
            "categories",
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty=[],
        )


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
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> tuple[PaymentMethodInfo, ...]:
        """`GET /payment-methods`; every filter is one of the spec's (`amount` in minor units)."""
        if amount is not None and (type(amount) is not int or amount < 0):
            raise ValidationError(
                "payment_methods filter", [f"$.amount: minor units, got {amount!r}"]
            )
        params = _query(
            amount=None if amount is None else str(amount),
            country=country,
            currency=currency,
            group_cards=group_cards,
            include_coupons=include_coupons,
        )
        return await self._call(
            tuple[PaymentMethodInfo, ...],
            "GET",
            "payment-methods",
            params=params,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty=[],
        )

    async def get(
        self,
        method_id: str,
        *,
        locale: str | None = None,
        country: str | None = None,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> PaymentMethodInfo:
        """`GET /payment-methods/{method_id}`, names in `locale` (e.g. `nl_NL`) if given."""
        method = path_id("method_id", method_id)
        return await self._call(
            PaymentMethodInfo,
            "GET",
            "payment-methods",
            method,
            params=_query(locale=locale, country=country),
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )


class Auth(Resource):
    """`client.auth`: tokens for browser-side payment components."""

    async def api_token(
        self,
        *,
        max_retries: int | None = None,
        timeout: Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> ApiToken:
        """`GET /auth/api_token`: a short-lived token for payment components."""
        return await self._call(
            ApiToken,
            "GET",
            "auth",
            "api_token",
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )
