"""Partner calls: affiliated accounts and what hangs off them (`client.affiliates`,
`client.bank_accounts`, `client.bank_statements`, `client.ubos`, `client.identity_docs`).

They need a partner API key: `partner = client.with_options(api_key=partner_key)`, then
`await partner.affiliates.list()`. Each method is its signature and its `Operation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, Unpack

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
    BankAccountLink,
    BankStatement,
    BankStatementUpload,
    IdentityDoc,
    IdentityDocUpload,
    LoginUrlRequest,
    SignedUpAffiliate,
    Transfer,
    TransferRequest,
    Ubo,
    UboDetails,
)
from ._base import CallOptions, Method, Operation, Resource, Shape
from ._ids import currency_code, page_params

__all__ = ["Affiliates", "BankAccounts", "BankStatements", "IdentityDocs", "Ubos"]

T = TypeVar("T")
Body = Mapping[str, Any]
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


def _partner(
    name: str,
    method: Method,
    path: str,
    answer: type[T],
    spec_id: str,
    *,
    request: Any = None,
    shape: Shape = "one",
    unwrap: str | None = None,
    required: tuple[str, ...] = (),
) -> Operation[T]:
    return Operation(
        name,
        method,
        path,
        answer,
        spec_id=spec_id,
        key="partner",
        request=request,
        shape=shape,
        unwrap=unwrap,
        required=required,
    )


ACCOUNTS = "accounts/{account_id}"
CREATE = _partner(
    "affiliates.create",
    "POST",
    "signup-account",
    SignedUpAffiliate,
    "createAffiliate",
    request=AffiliateSignup,
    shape="first",
)
LIST = _partner("affiliates.list", "GET", "accounts", tuple[Affiliate, ...], "listAffiliates")
GET = _partner("affiliates.get", "GET", ACCOUNTS, Affiliate, "getAffiliatedAccount")
UPDATE = _partner(
    "affiliates.update",
    "PATCH",
    ACCOUNTS,
    Affiliate,
    "updateAffiliatedAccount",
    request=AffiliateDetails,
)
LOGIN_URL = _partner(
    "affiliates.login_url",
    "POST",
    ACCOUNTS + "/login-urls",
    str,
    "Partner::CreateLoginUrl",
    request=LoginUrlRequest,
)
BALANCES = _partner(
    "affiliates.balances", "GET", ACCOUNTS + "/balances", tuple[Balance, ...], "listBalances"
)
CHARGE = _partner(
    "affiliates.charge",
    "POST",
    ACCOUNTS + "/charges",
    Transfer,
    "chargeAffiliate",
    request=TransferRequest,
)
PAYOUT = _partner(
    "affiliates.payout",
    "POST",
    ACCOUNTS + "/payouts",
    Transfer,
    "partnerCreatePayoutForSubAccount",
    request=TransferRequest,
)
AUTO_PAYOUT = ACCOUNTS + "/autopayouts/{currency}"
SET_AUTO_PAYOUT = _partner(
    "affiliates.set_auto_payout",
    "POST",
    AUTO_PAYOUT,
    AutoPayout,
    "createAutoPayoutsForAffiliates",
    request=AutoPayoutSettings,
)
GET_AUTO_PAYOUT = _partner(
    "affiliates.get_auto_payout", "GET", AUTO_PAYOUT, AutoPayout, "getAutoPayoutsForAffiliates"
)
LIST_AUTO_PAYOUTS = _partner(
    "affiliates.list_auto_payouts",
    "GET",
    ACCOUNTS + "/autopayouts",
    tuple[AutoPayout, ...],
    "listAutoPayoutsForAffiliates",
)
CREATE_SITE = _partner(
    "affiliates.create_site",
    "POST",
    ACCOUNTS + "/sites",
    Site,
    "Partner::CreateAccountSite",
    request=SiteDetails,
    required=("name", "url"),
)
LIST_SITES = _partner(
    "affiliates.list_sites",
    "GET",
    ACCOUNTS + "/sites",
    tuple[Site, ...],
    "Partner::ListAccountSites",
)
ADD_BANK_ACCOUNT = _partner(
    "affiliates.add_bank_account",
    "POST",
    ACCOUNTS + "/bank-accounts",
    BankAccount,
    "Partner::CreateAccountBankAccount",
    request=BankAccountDetails,
)
LIST_BANK_ACCOUNTS = _partner(
    "affiliates.list_bank_accounts",
    "GET",
    ACCOUNTS + "/bank-accounts",
    tuple[BankAccount, ...],
    "Partner::ListAccountBankAccounts",
)
ADD_UBO = _partner(
    "affiliates.add_ubo",
    "POST",
    ACCOUNTS + "/ubos",
    Ubo,
    "addAffiliateUbos",
    request=UboDetails,
    required=_UBO_REQUIRED,
)
LIST_UBOS = _partner(
    "affiliates.list_ubos", "GET", ACCOUNTS + "/ubos", tuple[Ubo, ...], "Partner::ListAccountUbos"
)
BANK_ACCOUNT = "bank-accounts/{bankaccount_id}"
GET_BANK_ACCOUNT = _partner("bank_accounts.get", "GET", BANK_ACCOUNT, BankAccount, "getBankAccount")
PAYMENT_LINK = _partner(
    "bank_accounts.payment_link",
    "POST",
    BANK_ACCOUNT + "/payment-links",
    BankAccountLink,
    "validateBankAccount",
    shape="first",
    unwrap="paymentlink",
)
ADD_STATEMENT = _partner(
    "bank_accounts.add_statement",
    "POST",
    BANK_ACCOUNT + "/bank-statements",
    BankStatement,
    "addBankStatement",
    request=BankStatementUpload,
)
LIST_STATEMENTS = _partner(
    "bank_accounts.list_statements",
    "GET",
    BANK_ACCOUNT + "/bank-statements",
    tuple[BankStatement, ...],
    "ListBankStatements",
)
GET_STATEMENT = _partner(
    "bank_statements.get",
    "GET",
    "bank-statements/{bankstatement_id}",
    BankStatement,
    "getBankStatement",
)
UBO = "ubos/{ubo_id}"
GET_UBO = _partner("ubos.get", "GET", UBO, Ubo, "getUbo")
UPDATE_UBO = _partner("ubos.update", "PATCH", UBO, Ubo, "updateUbo", request=UboDetails)
ADD_IDENTITY_DOC = _partner(
    "ubos.add_identity_doc",
    "POST",
    UBO + "/identitydocs",
    IdentityDoc,
    "addIdentityDoc",
    request=IdentityDocUpload,
)
LIST_IDENTITY_DOCS = _partner(
    "ubos.list_identity_docs",
    "GET",
    UBO + "/identitydocs",
    tuple[IdentityDoc, ...],
    "listIdentityDocs",
)
GET_IDENTITY_DOC = _partner(
    "identity_docs.get", "GET", "identitydocs/{identitydoc_id}", IdentityDoc, "getIdentityDoc"
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


class BankAccounts(Resource):
    """`client.bank_accounts`: an affiliated account's bank accounts."""

    async def get(self, bankaccount_id: str, **options: Unpack[CallOptions]) -> BankAccount:
        """`GET /bank-accounts/{bankaccount_id}`."""
        return await self._send(GET_BANK_ACCOUNT, bankaccount_id, options=options)

    async def payment_link(
        self,
        bankaccount_id: str,
        body: Body | None = None,
        **options: Unpack[CallOptions],
    ) -> BankAccountLink:
        """`POST /bank-accounts/{bankaccount_id}/payment-links`: a link to a small payment
        that verifies the account. The spec documents no body: a mapping given is sent
        as it is (as with `extra_body`)."""
        extra = {**(body or {}), **options.get("extra_body", {})}
        if extra:
            options = {**options, "extra_body": extra}
        return await self._send(PAYMENT_LINK, bankaccount_id, options=options)

    async def add_statement(
        self,
        bankaccount_id: str,
        statement: BankStatementUpload | Body,
        **options: Unpack[CallOptions],
    ) -> BankStatement:
        """`POST /bank-accounts/{bankaccount_id}/bank-statements`: `encoded_content` (base64),
        `filename`, `mime_type`; the file is checked (type, size) before it is sent."""
        return await self._send(ADD_STATEMENT, bankaccount_id, body=statement, options=options)

    async def list_statements(
        self, bankaccount_id: str, **options: Unpack[CallOptions]
    ) -> tuple[BankStatement, ...]:
        """`GET /bank-accounts/{bankaccount_id}/bank-statements`."""
        return await self._send(LIST_STATEMENTS, bankaccount_id, options=options)


class BankStatements(Resource):
    """`client.bank_statements`."""

    async def get(self, bankstatement_id: str, **options: Unpack[CallOptions]) -> BankStatement:
        """`GET /bank-statements/{bankstatement_id}`."""
        return await self._send(GET_STATEMENT, bankstatement_id, options=options)


class Ubos(Resource):
    """`client.ubos`: ultimate beneficial owners of affiliated accounts."""

    async def get(self, ubo_id: str, **options: Unpack[CallOptions]) -> Ubo:
        """`GET /ubos/{ubo_id}`."""
        return await self._send(GET_UBO, ubo_id, options=options)

    async def update(
        self, ubo_id: str, details: UboDetails | Body, **options: Unpack[CallOptions]
    ) -> Ubo:
        """`PATCH /ubos/{ubo_id}`: change what `details` sets."""
        return await self._send(UPDATE_UBO, ubo_id, body=details, options=options)

    async def add_identity_doc(
        self, ubo_id: str, document: IdentityDocUpload | Body, **options: Unpack[CallOptions]
    ) -> IdentityDoc:
        """`POST /ubos/{ubo_id}/identitydocs`: checked (type, size) before it is sent."""
        return await self._send(ADD_IDENTITY_DOC, ubo_id, body=document, options=options)

    async def list_identity_docs(
        self, ubo_id: str, **options: Unpack[CallOptions]
    ) -> tuple[IdentityDoc, ...]:
        """`GET /ubos/{ubo_id}/identitydocs`."""
        return await self._send(LIST_IDENTITY_DOCS, ubo_id, options=options)


class IdentityDocs(Resource):
    """`client.identity_docs`."""

    async def get(self, identitydoc_id: str, **options: Unpack[CallOptions]) -> IdentityDoc:
        """`GET /identitydocs/{identitydoc_id}`."""
        return await self._send(GET_IDENTITY_DOC, identitydoc_id, options=options)
