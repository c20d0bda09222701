"""`client.affiliates`: a partner's affiliated accounts, and what it does with them
(balances, charges and payouts, automatic payouts, sites, bank accounts, UBOs).

They need a partner API key: `partner = client.with_options(api_key=partner_key)`, then
`await partner.affiliates.list()`. Each method is its signature and its `Operation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ..models.merchant import Site, SiteDetails
from ..models.partners import (
    Affiliate,
    AffiliateDetails,
    AffiliateSignup,
    AutoPayout,
    AutoPayoutSettings,
    Balance,
    BankAccount,
    BankAccountDetails,
    LoginUrlRequest,
    SignedUpAffiliate,
    Transfer,
    TransferRequest,
    Ubo,
    UboDetails,
)
from ._base import CallOptions, Operation, Resource
from ._ids import currency_code, page_params

__all__ = ["Affiliates"]

Body = Mapping[str, Any]
# What the spec requires of a new UBO (`ubos.update` takes any of it).
_UBO_REQUIRED = (
    "name",
    "type",
    "percentage",
    "birthday",
    "title",
    "job_title",
    "email",
    "country",
    "country_of_birth",
)
ACCOUNTS = "accounts/{account_id}"
CREATE = Operation(
    "affiliates.create",
    "POST",
    "signup-account",
    SignedUpAffiliate,
    "createAffiliate",
    request=AffiliateSignup,
    shape="first",
    key="partner",
)
LIST = Operation(
    "affiliates.list", "GET", "accounts", tuple[Affiliate, ...], "listAffiliates", key="partner"
)
GET = Operation("affiliates.get", "GET", ACCOUNTS, Affiliate, "getAffiliatedAccount", key="partner")
UPDATE = Operation(
    "affiliates.update",
    "PATCH",
    ACCOUNTS,
    Affiliate,
    "updateAffiliatedAccount",
    request=AffiliateDetails,
    key="partner",
)
LOGIN_URL = Operation(
    "affiliates.login_url",
    "POST",
    ACCOUNTS + "/login-urls",
    str,
    "Partner::CreateLoginUrl",
    request=LoginUrlRequest,
    key="partner",
)
BALANCES = Operation(
    "affiliates.balances",
    "GET",
    ACCOUNTS + "/balances",
    tuple[Balance, ...],
    "listBalances",
    key="partner",
)
CHARGE = Operation(
    "affiliates.charge",
    "POST",
    ACCOUNTS + "/charges",
    Transfer,
    "chargeAffiliate",
    request=TransferRequest,
    key="partner",
)
PAYOUT = Operation(
    "affiliates.payout",
    "POST",
    ACCOUNTS + "/payouts",
    Transfer,
    "partnerCreatePayoutForSubAccount",
    request=TransferRequest,
    key="partner",
)
AUTO_PAYOUT = ACCOUNTS + "/autopayouts/{currency}"
SET_AUTO_PAYOUT = Operation(
    "affiliates.set_auto_payout",
    "POST",
    AUTO_PAYOUT,
    AutoPayout,
    "createAutoPayoutsForAffiliates",
    request=AutoPayoutSettings,
    key="partner",
)
GET_AUTO_PAYOUT = Operation(
    "affiliates.get_auto_payout",
    "GET",
    AUTO_PAYOUT,
    AutoPayout,
    "getAutoPayoutsForAffiliates",
    key="partner",
)
LIST_AUTO_PAYOUTS = Operation(
    "affiliates.list_auto_payouts",
    "GET",
    ACCOUNTS + "/autopayouts",
    tuple[AutoPayout, ...],
    "listAutoPayoutsForAffiliates",
    key="partner",
)
CREATE_SITE = Operation(
    "affiliates.create_site",
    "POST",
    ACCOUNTS + "/sites",
    Site,
    "Partner::CreateAccountSite",
    request=SiteDetails,
    required=("name", "url"),
    key="partner",
)
LIST_SITES = Operation(
    "affiliates.list_sites",
    "GET",
    ACCOUNTS + "/sites",
    tuple[Site, ...],
    "Partner::ListAccountSites",
    key="partner",
)
ADD_BANK_ACCOUNT = Operation(
    "affiliates.add_bank_account",
    "POST",
    ACCOUNTS + "/bank-accounts",
    BankAccount,
    "Partner::CreateAccountBankAccount",
    request=BankAccountDetails,
    key="partner",
)
LIST_BANK_ACCOUNTS = Operation(
    "affiliates.list_bank_accounts",
    "GET",
    ACCOUNTS + "/bank-accounts",
    tuple[BankAccount, ...],
    "Partner::ListAccountBankAccounts",
    key="partner",
)
ADD_UBO = Operation(
    "affiliates.add_ubo",
    "POST",
    ACCOUNTS + "/ubos",
    Ubo,
    "addAffiliateUbos",
    request=UboDetails,
    required=_UBO_REQUIRED,
    key="partner",
)
LIST_UBOS = Operation(
    "affiliates.list_ubos",
    "GET",
    ACCOUNTS + "/ubos",
    tuple[Ubo, ...],
    "Partner::ListAccountUbos",
    key="partner",
)


class Affiliates(Resource):
    """`client.affiliates`: the accounts affiliated with a partner, and what they hold."""

    async def create(
        self, signup: AffiliateSignup | Body, **options: Unpack[CallOptions]
    ) -> SignedUpAffiliate:
        """Sign up an affiliated account (`POST /signup-account`): `account` details,
        `currencies` and its first `user`."""
        return await self._send(CREATE, body=signup, options=options)

    async def list(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        **options: Unpack[CallOptions],
    ) -> tuple[Affiliate, ...]:
        """`GET /accounts`: the affiliated accounts, a page of `limit` from `offset`."""
        params = page_params(limit=limit, offset=offset)
        return await self._send(LIST, params=params, options=options)

    async def get(self, account_id: int | str, **options: Unpack[CallOptions]) -> Affiliate:
        """`GET /accounts/{account_id}`."""
        return await self._send(GET, account_id, options=options)

    async def update(
        self,
        account_id: int | str,
        details: AffiliateDetails | Body,
        **options: Unpack[CallOptions],
    ) -> Affiliate:
        """`PATCH /accounts/{account_id}`: change what `details` sets."""
        return await self._send(UPDATE, account_id, body=details, options=options)

    async def login_url(
        self,
        account_id: int | str,
        request: LoginUrlRequest | Body | None = None,
        **options: Unpack[CallOptions],
    ) -> str:
        """`POST /accounts/{account_id}/login-urls`: a URL that logs in to the account's
        dashboard, valid for `expires_in` (`{"expires_in": "2h"}`)."""
        body = {} if request is None else request
        return await self._send(LOGIN_URL, account_id, body=body, options=options)

    async def balances(
        self,
        account_id: int | str,
        *,
        limit: int | None = None,
        offset: int | None = None,
        **options: Unpack[CallOptions],
    ) -> tuple[Balance, ...]:
        """`GET /accounts/{account_id}/balances`: a balance per currency."""
        params = page_params(limit=limit, offset=offset)
        return await self._send(BALANCES, account_id, params=params, options=options)

    async def charge(
        self, account_id: int | str, charge: TransferRequest | Body, **options: Unpack[CallOptions]
    ) -> Transfer:
        """Charge a fee to the account (`POST /accounts/{account_id}/charges`); `amount` in
        minor units. Never re-sent when it may have arrived (`OutcomeUnknownError`)."""
        return await self._send(CHARGE, account_id, body=charge, options=options)

    async def payout(
        self, account_id: int | str, payout: TransferRequest | Body, **options: Unpack[CallOptions]
    ) -> Transfer:
        """Pay out from the account (`POST /accounts/{account_id}/payouts`); `amount` in minor
        units. Never re-sent when it may have arrived (`OutcomeUnknownError`)."""
        return await self._send(PAYOUT, account_id, body=payout, options=options)

    async def set_auto_payout(
        self,
        account_id: int | str,
        currency: str,
        settings: AutoPayoutSettings | Body,
        **options: Unpack[CallOptions],
    ) -> AutoPayout:
        """`POST /accounts/{account_id}/autopayouts/{currency}`: schedule automatic payouts."""
        currency = currency_code("currency", currency)
        return await self._send(
            SET_AUTO_PAYOUT, account_id, currency, body=settings, options=options
        )

    async def get_auto_payout(
        self, account_id: int | str, currency: str, **options: Unpack[CallOptions]
    ) -> AutoPayout:
        """`GET /accounts/{account_id}/autopayouts/{currency}`."""
        currency = currency_code("currency", currency)
        return await self._send(GET_AUTO_PAYOUT, account_id, currency, options=options)

    async def list_auto_payouts(
        self, account_id: int | str, **options: Unpack[CallOptions]
    ) -> tuple[AutoPayout, ...]:
        """`GET /accounts/{account_id}/autopayouts`: one per currency."""
        return await self._send(LIST_AUTO_PAYOUTS, account_id, options=options)

    async def create_site(
        self, account_id: int | str, site: SiteDetails | Body, **options: Unpack[CallOptions]
    ) -> Site:
        """`POST /accounts/{account_id}/sites`: add a website (`name` and `url` required)."""
        return await self._send(CREATE_SITE, account_id, body=site, options=options)

    async def list_sites(
        self, account_id: int | str, **options: Unpack[CallOptions]
    ) -> tuple[Site, ...]:
        """`GET /accounts/{account_id}/sites`."""
        return await self._send(LIST_SITES, account_id, options=options)

    async def add_bank_account(
        self,
        account_id: int | str,
        bank_account: BankAccountDetails | Body,
        **options: Unpack[CallOptions],
    ) -> BankAccount:
        """`POST /accounts/{account_id}/bank-accounts`: `currency`, `holder_name`, `iban`."""
        return await self._send(ADD_BANK_ACCOUNT, account_id, body=bank_account, options=options)

    async def list_bank_accounts(
        self, account_id: int | str, **options: Unpack[CallOptions]
    ) -> tuple[BankAccount, ...]:
        """`GET /accounts/{account_id}/bank-accounts`."""
        return await self._send(LIST_BANK_ACCOUNTS, account_id, options=options)

    async def add_ubo(
        self, account_id: int | str, ubo: UboDetails | Body, **options: Unpack[CallOptions]
    ) -> Ubo:
        """`POST /accounts/{account_id}/ubos`: an ultimate beneficial owner."""
        return await self._send(ADD_UBO, account_id, body=ubo, options=options)

    async def list_ubos(
        self, account_id: int | str, **options: Unpack[CallOptions]
    ) -> tuple[Ubo, ...]:
        """`GET /accounts/{account_id}/ubos`."""
        return await self._send(LIST_UBOS, account_id, options=options)
