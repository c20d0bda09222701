"""Partner (affiliate) objects: affiliated accounts, their balances, payouts and charges, bank
accounts and statements, ultimate beneficial owners (UBOs) and their identity documents.

Calls that send these need a partner API key: `client.with_options(api_key=partner_key)`.
Answer models type enumerations as plain text (MultiSafepay's own examples send values
outside its enums, e.g. `"Passport"`); request models accept only the documented values.
"""

import base64
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import attrs

from ..errors import ValidationError
from ._files import MIME_TYPES, file_problems
from .common import extra_field
from .requests import Id, _currency, _text, _whole

__all__ = [
    "Affiliate",
    "AffiliateDetails",
    "AffiliateSignup",
    "AffiliateUser",
    "AutoPayout",
    "AutoPayoutSettings",
    "Balance",
    "BankAccount",
    "BankAccountDetails",
    "BankAccountLink",
    "BankStatement",
    "BankStatementUpload",
    "IdentityDoc",
    "IdentityDocUpload",
    "LoginUrlRequest",
    "ProcessingOptions",
    "SignedUpAffiliate",
    "SignupLogin",
    "Transfer",
    "TransferRequest",
    "Ubo",
    "UboDetails",
]

MimeType = Literal["application/pdf", "image/jpeg", "image/png"]
Schedule = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "end-of-month"]


@attrs.frozen(kw_only=True)
class ProcessingOptions:
    incoming_payment_enabled: bool | None = None
    outgoing_payment_enabled: bool | None = None
    credit_cards_enabled: bool | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Affiliate:
    """An affiliated merchant account (`GET /accounts/{account_id}`); `id` is what the other
    `affiliates.*` calls take (None only when an answer leaves it out, as some of the spec's
    examples do)."""

    id: int | None = None
    company_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address1: str | None = None
    address2: str | None = None
    address3: str | None = None
    apartment: str | None = None
    zipcode: str | None = None
    city: str | None = None
    country: str | None = None
    coc_number: str | None = None
    vat_number: str | None = None
    screening_status: str | None = None
    processing_options: ProcessingOptions | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AffiliateDetails:
    """An affiliated account's details to set (`affiliates.update`, or `account` of
    `affiliates.create`); only what is set is sent."""

    company_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address1: str | None = None
    address2: str | None = None
    address3: str | None = None
    apartment: str | None = None
    zipcode: str | None = None
    city: str | None = None
    country: str | None = attrs.field(default=None, validator=_text(min_len=2, max_len=2))
    coc_number: str | None = None
    vat_number: str | None = None
    screening_status: Literal["approved", "declined", "pending"] | None = None
    processing_options: ProcessingOptions | None = None


@attrs.frozen(kw_only=True)
class AffiliateUser:
    """The login of a new affiliated account; the password is not in the repr."""

    email: str = attrs.field(validator=_text(min_len=3, max_len=254))
    name: str = attrs.field(validator=_text(min_len=1, max_len=200))
    password: str = attrs.field(repr=False, validator=_text(min_len=8, max_len=200))


@attrs.frozen(kw_only=True)
class AffiliateSignup:
    """`POST /signup-account`: a new affiliated account, its currencies and its first user."""

    account: AffiliateDetails
    currencies: tuple[str, ...]
    user: AffiliateUser

    def __attrs_post_init__(self) -> None:
        bad = [c for c in self.currencies if not (isinstance(c, str) and len(c) == 3)]
        if not self.currencies or bad:
            raise ValidationError(
                "affiliate signup", ["$.currencies: one or more ISO 4217 codes such as 'EUR'"]
            )


@attrs.frozen(kw_only=True)
class SignupLogin:
    email: str | None = None
    name: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SignedUpAffiliate:
    """The answer to `affiliates.create`: the account as created, its currencies and user
    (a password echoed back is left in `model_extra` of `user`, not in a field)."""

    account: Affiliate | None = None
    currencies: tuple[str, ...] = ()
    user: SignupLogin | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class LoginUrlRequest:
    """`POST /accounts/{id}/login-urls`: `expires_in` is a number and a unit, e.g. `"2h"`
    (`y`, `w`, `d`, `h`, `m`, `s`)."""

    expires_in: str | None = attrs.field(default=None)

    @expires_in.validator
    def _check(self, _: object, value: str | None) -> None:
        if value is not None and not (
            isinstance(value, str) and value[:-1].isdigit() and value[-1:] in tuple("ywdhms")
        ):
            raise ValidationError(
                "login url", [f"$.expires_in: a number and a unit like '2h', got {value!r}"]
            )


@attrs.frozen(kw_only=True)
class Balance:
    """An affiliated account's balance in one currency (`GET /accounts/{id}/balances`); its
    amounts are in minor units, 0 when the answer leaves them out."""

    id: str | None = None
    account_id: int | None = None
    currency: str | None = None
    amount_available: int = 0
    amount_reserved: int = 0
    modified: datetime | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransferRequest:
    """A charge to, or payout from, an affiliated account: `amount` in minor units."""

    amount: int = attrs.field(validator=_whole(low=1, what="an integer in minor units (cents)"))
    currency: str = attrs.field(validator=_currency)
    description: str = attrs.field(validator=_text(min_len=1, max_len=512))
    order_id: Id = attrs.field(validator=_text(min_len=1, max_len=128))
    var1: str | None = attrs.field(default=None, validator=_text(max_len=500))
    var2: str | None = attrs.field(default=None, validator=_text(max_len=500))
    var3: str | None = attrs.field(default=None, validator=_text(max_len=500))
    checkoutdata: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class Transfer:
    """A charge or payout as MultiSafepay recorded it."""

    order_id: str | None = None
    amount: int | None = None
    currency: str | None = None
    description: str | None = None
    var1: str | None = None
    var2: str | None = None
    var3: str | None = None
    checkoutdata: dict[str, Any] | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AutoPayoutSettings:
    """`POST /accounts/{id}/autopayouts/{currency}`: when to pay out, to which bank account,
    from which balance (amounts in minor units)."""

    schedule: Schedule | None = None
    bankaccount_id: str | None = None
    min_amount: int | None = attrs.field(default=None, validator=_whole(low=0, what="minor units"))
    min_balance_amount: int | None = attrs.field(
        default=None, validator=_whole(low=0, what="minor units")
    )


@attrs.frozen(kw_only=True)
class AutoPayout:
    """An account's automatic payouts in one currency; `schedule` holds every day it runs."""

    currency: str | None = None
    schedule: tuple[str, ...] = ()
    bankaccount_id: str | None = None
    min_amount: int | None = None
    min_balance_amount: int | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class BankAccountDetails:
    """`POST /accounts/{id}/bank-accounts`: an account to pay out to."""

    currency: str = attrs.field(validator=_currency)
    holder_name: str = attrs.field(validator=_text(min_len=1, max_len=200))
    iban: str = attrs.field(validator=_text(min_len=15, max_len=34))


@attrs.frozen(kw_only=True)
class BankAccount:
    id: str | None = None
    currency: str | None = None
    holder_name: str | None = None
    iban: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class BankAccountLink:
    """The payment link that verifies a bank account (a small payment from it)."""

    bankaccount_id: str | None = None
    payment_link: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


def _upload_checked(what: str, field: str, encoded: str, mime_type: str) -> None:
    kind = MIME_TYPES.get(mime_type)
    if kind is None:
        raise ValidationError(what, [f"$.mime_type: one of {', '.join(MIME_TYPES)}"])
    problems = file_problems(field, encoded, kind)
    if problems:
        raise ValidationError(what, problems)


@attrs.frozen(kw_only=True)
class BankStatementUpload:
    """A bank statement to upload: `encoded_content` is the file's base64, checked to be a
    `mime_type` file of at most 10 MiB before it is sent."""

    encoded_content: str = attrs.field(repr=False)
    filename: str = attrs.field(validator=_text(min_len=1, max_len=250))
    mime_type: MimeType

    def __attrs_post_init__(self) -> None:
        _upload_checked("bank statement", "encoded_content", self.encoded_content, self.mime_type)


@attrs.frozen(kw_only=True)
class BankStatement:
    """An uploaded bank statement; `content` is its bytes."""

    id: str | None = None
    filename: str | None = None
    mime_type: str | None = None
    encoded_content: str | None = attrs.field(default=None, repr=False)
    model_extra: Mapping[str, Any] = extra_field()

    @property
    def content(self) -> bytes:
        return base64.b64decode(self.encoded_content or "")


@attrs.frozen(kw_only=True)
class UboDetails:
    """An ultimate beneficial owner's details: `affiliates.add_ubo` requires the ones the
    spec does (name, type, percentage, birthday, ...), `ubos.update` sends what is set."""

    name: str | None = None
    title: str | None = None
    type: Literal["control_rights", "other", "shareholder", "voting_rights"] | None = None
    percentage: int | None = attrs.field(default=None, validator=_whole(low=0, high=100))
    birthday: str | None = attrs.field(default=None, validator=_text(min_len=10, max_len=10))
    job_title: str | None = None
    email: str | None = None
    mobile_phone: str | None = None
    office_phone: str | None = None
    address: str | None = None
    address_apartment: str | None = None
    zipcode: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_of_birth: str | None = None


@attrs.frozen(kw_only=True)
class Ubo:
    id: str | None = None
    name: str | None = None
    title: str | None = None
    type: str | None = None
    percentage: int | None = None
    birthday: str | None = None
    job_title: str | None = None
    email: str | None = None
    mobile_phone: str | None = None
    office_phone: str | None = None
    address: str | None = None
    address_apartment: str | None = None
    zipcode: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_of_birth: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class IdentityDocUpload:
    """A UBO's identity document to upload, checked like a bank statement."""

    document_type: Literal["id", "passport", "driverslicense", "proof_of_address"]
    encoded_content: str = attrs.field(repr=False)
    filename: str = attrs.field(validator=_text(min_len=1, max_len=250))
    mime_type: MimeType

    def __attrs_post_init__(self) -> None:
        _upload_checked(
            "identity document", "encoded_content", self.encoded_content, self.mime_type
        )


@attrs.frozen(kw_only=True)
class IdentityDoc:
    """An uploaded identity document; `content` is its bytes."""

    id: str | None = None
    document_type: str | None = None
    filename: str | None = None
    mime_type: str | None = None
    encoded_content: str | None = attrs.field(default=None, repr=False)
    model_extra: Mapping[str, Any] = extra_field()

    @property
    def content(self) -> bytes:
        return base64.b64decode(self.encoded_content or "")
