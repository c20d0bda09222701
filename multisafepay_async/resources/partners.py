"""Partner calls on what hangs off an affiliated account: `client.bank_accounts`,
`client.bank_statements`, `client.ubos`, `client.identity_docs` (the accounts themselves are
`client.affiliates`, in `affiliates.py`).

They need a partner API key: `partner = client.with_options(api_key=partner_key)`. Each
method is its signature and its `Operation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

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
from ._base import CallOptions, Operation, Resource

__all__ = ["BankAccounts", "BankStatements", "IdentityDocs", "Ubos"]

Body = Mapping[str, Any]


BANK_ACCOUNT = "bank-accounts/{bankaccount_id}"
GET_BANK_ACCOUNT = Operation(
    "bank_accounts.get", "GET", BANK_ACCOUNT, BankAccount, "getBankAccount", key="partner"
)
PAYMENT_LINK = Operation(
    "bank_accounts.payment_link",
    "POST",
    BANK_ACCOUNT + "/payment-links",
    BankAccountLink,
    "validateBankAccount",
    shape="first",
    unwrap="paymentlink",
    key="partner",
)
ADD_STATEMENT = Operation(
    "bank_accounts.add_statement",
    "POST",
    BANK_ACCOUNT + "/bank-statements",
    BankStatement,
    "addBankStatement",
    request=BankStatementUpload,
    key="partner",
)
LIST_STATEMENTS = Operation(
    "bank_accounts.list_statements",
    "GET",
    BANK_ACCOUNT + "/bank-statements",
    tuple[BankStatement, ...],
    "ListBankStatements",
    key="partner",
)
GET_STATEMENT = Operation(
    "bank_statements.get",
    "GET",
    "bank-statements/{bankstatement_id}",
    BankStatement,
    "getBankStatement",
    key="partner",
)
UBO = "ubos/{ubo_id}"
GET_UBO = Operation("ubos.get", "GET", UBO, Ubo, "getUbo", key="partner")
UPDATE_UBO = Operation(
    "ubos.update", "PATCH", UBO, Ubo, "updateUbo", request=UboDetails, key="partner"
)
ADD_IDENTITY_DOC = Operation(
    "ubos.add_identity_doc",
    "POST",
    UBO + "/identitydocs",
    IdentityDoc,
    "addIdentityDoc",
    request=IdentityDocUpload,
    key="partner",
)
LIST_IDENTITY_DOCS = Operation(
    "ubos.list_identity_docs",
    "GET",
    UBO + "/identitydocs",
    tuple[IdentityDoc, ...],
    "listIdentityDocs",
    key="partner",
)
GET_IDENTITY_DOC = Operation(
    "identity_docs.get",
    "GET",
    "identitydocs/{identitydoc_id}",
    IdentityDoc,
    "getIdentityDoc",
    key="partner",
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
