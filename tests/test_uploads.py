"""Uploads (chargeback evidence, bank statements, identity documents) are checked before they
are sent: valid base64, not empty, at most 10 MiB, and bytes of the type the call declares."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from multisafepay_async import AsyncClient, ValidationError
from multisafepay_async._config import MAX_UPLOAD_BYTES

from .calls import PDF, STATEMENT
from .conftest import API_KEY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def _client(sent: list[httpx.Request]) -> AsyncClient:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"success": True, "data": {}})

    return AsyncClient(API_KEY, transport=httpx.MockTransport(answer))


async def test_raw_bytes_are_sent_as_the_base64_of_exactly_those_bytes() -> None:
    sent: list[httpx.Request] = []
    async with _client(sent) as client:
        await client.orders.challenge_chargeback(
            "o", JPEG, name="photo.jpg", description="the parcel", type="JPEG"
        )
    body = json.loads(sent[0].content)
    assert base64.b64decode(body.pop("base64")) == JPEG
    assert body == {"type": "JPEG", "name": "photo.jpg", "description": "the parcel"}


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (lambda c: c.orders.challenge_chargeback("o", PNG, name="a", description="b"), "PDF"),
        (lambda c: c.orders.challenge_chargeback("o", b"", name="a", description="b"), "empty"),
        (
            lambda c: c.orders.challenge_chargeback(
                "o", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES, name="a", description="b"
            ),
            "larger",
        ),
        (lambda c: c.orders.challenge_chargeback("o", PDF, description="b"), "name"),
        (
            lambda c: c.orders.challenge_chargeback(
                "o", {"type": "PDF", "base64": "%%%", "name": "a", "description": "b"}
            ),
            "base64",
        ),
        (
            lambda c: c.orders.challenge_chargeback(
                "o", {"type": "GIF", "base64": "R0lG", "name": "a", "description": "b"}
            ),
            "type",
        ),
        (
            lambda c: c.orders.challenge_chargeback(
                "o", {"type": "PDF", "base64": "x", "name": "a", "description": "b"}, name="n"
            ),
            "raw bytes",
        ),
        (
            lambda c: c.bank_accounts.add_statement(
                "b", {**STATEMENT, "encoded_content": base64.b64encode(PNG).decode()}
            ),
            "PDF",
        ),
        (
            lambda c: c.bank_accounts.add_statement("b", {**STATEMENT, "mime_type": "text/csv"}),
            "mime_type",
        ),
        (
            lambda c: c.ubos.add_identity_doc(
                "u", {**STATEMENT, "document_type": "selfie", "filename": "me.pdf"}
            ),
            "document_type",
        ),
    ],
)
async def test_a_wrong_or_broken_file_is_refused_before_it_is_sent(call: Any, problem: str) -> None:
    sent: list[httpx.Request] = []
    async with _client(sent) as client:
        with pytest.raises(ValidationError, match=problem):
            await call(client)
    assert sent == []


def test_a_file_is_not_in_any_repr() -> None:
    from multisafepay_async.models import BankStatementUpload, ChargebackFile

    encoded = base64.b64encode(PDF).decode()
    file = ChargebackFile(type="PDF", base64=encoded, name="a.pdf", description="b")
    statement = BankStatementUpload(
        encoded_content=encoded, filename="s.pdf", mime_type="application/pdf"
    )
    assert encoded not in repr(file) and encoded not in repr(statement)
