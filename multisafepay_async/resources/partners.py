"""Partner calls on what hangs off an affiliated account: `client.bank_accounts`,
`client.bank_statements`, `client.ubos`, `client.identity_docs` (the accounts themselves are
`client.affiliates`, in `affiliates.py`).

They need a partner API key: `partner = client.with_options(api_key=partner_key)`. Each
method is its signature and its `Operation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, Unpack

from ..models.partners import (
    BankAccount,
    BankAccountLink,
    BankStatement,
    BankStatementUpload,
    IdentityDoc,
    IdentityDocUpload,
    Ubo,
    UboDetails,
)
from ._base import CallOptions, Method, Operation, Resource, Shape

__all__ = ["BankAccounts", "BankStatements", "IdentityDocs", "Ubos", "partner_operation"]

T = TypeVar("T")
Body = Mapping[str, Any]


def partner_operation(
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
    """An operation that needs a partner key."""
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


BANK_ACCOUNT = "bank-accounts/{bankaccount_id}"
GET_BANK_ACCOUNT = partner_operation(
    "bank_accounts.get", "GET", BANK_ACCOUNT, BankAccount, "getBankAccount"
)
PAYMENT_LINK = partner_operation(
    "bank_accounts.payment_link",
    "POST",
    BANK_ACCOUNT + "/payment-links",
    BankAccountLink,
    "validateBankAccount",
    shape="first",
    unwrap="paymentlink",
)
ADD_STATEMENT = partner_operation(
    "bank_accounts.add_statement",
    "POST",
    BANK_ACCOUNT + "/bank-statements",
    BankStatement,
    "addBankStatement",
    request=BankStatementUpload,
)
LIST_STATEMENTS = partner_operation(
    "bank_accounts.list_statements",
    "GET",
    BANK_ACCOUNT + "/bank-statements",
    tuple[BankStatement, ...],
    "ListBankStatements",
)
GET_STATEMENT = partner_operation(
    "bank_statements.get",
    "GET",
    "bank-statements/{bankstatement_id}",
    BankStatement,
    "getBankStatement",
)
UBO = "ubos/{ubo_id}"
GET_UBO = partner_operation("ubos.get", "GET", UBO, Ubo, "getUbo")
UPDATE_UBO = partner_operation("ubos.update", "PATCH", UBO, Ubo, "updateUbo", request=UboDetails)
ADD_IDENTITY_DOC = partner_operation(
    "ubos.add_identity_doc",
    "POST",
    UBO + "/identitydocs",
    IdentityDoc,
    "addIdentityDoc",
    request=IdentityDocUpload,
)
LIST_IDENTITY_DOCS = partner_operation(
    "ubos.list_identity_docs",
    "GET",
    UBO + "/identitydocs",
    tuple[IdentityDoc, ...],
    "listIdentityDocs",
)
GET_IDENTITY_DOC = partner_operation(
    "identity_docs.get", "GET", "identitydocs/{identitydoc_id}", IdentityDoc, "getIdentityDoc"
)


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
