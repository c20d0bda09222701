"""Notification verification: exact over the raw bytes, constant-time, typed failures."""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multisafepay_async import OrderStatus, ValidationError, WebhookVerificationError
from multisafepay_async.webhooks import (
    parse_notification,
    sign_notification,
    verify_notification,
)

from .conftest import DATA, load

VECTORS = load("api-examples/webhook/signature-vectors.json")["vectors"]
DOCS = VECTORS[0]
DOCS_BODY = (DATA / "api-examples/webhook" / DOCS["payload_file"]).read_bytes()
DOCS_TS = int(DOCS["timestamp"])
PHP_BODY = (DATA / "fixtures/php-sdk/NotificationTest.body.json").read_bytes()
PHP_AUTH = (DATA / "fixtures/php-sdk/NotificationTest.auth.txt").read_text()
PHP_KEY = "your-MultiSafepay-API-key"


def _vector_file(name: str) -> Path:
    # Names are relative to the webhook folder, or (for "../fixtures/...") to api-examples.
    for folder in (DATA / "api-examples/webhook", DATA / "api-examples"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def reason(body: bytes, auth: Any, key: str, **kwargs: Any) -> str | None:
    try:
        verify_notification(body, auth, key, **kwargs)
    except WebhookVerificationError as exc:
        return exc.reason
    return None


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["name"])
def test_every_published_vector_verifies(vector: dict[str, Any]) -> None:
    body = _vector_file(vector["payload_file"]).read_bytes()
    auth = vector.get("auth_header") or _vector_file(vector["auth_header_file"]).read_text()
    verify_notification(body, auth, vector["api_key"], max_age=0)
    verify_notification(body, auth, vector["api_key"], now=int(vector["timestamp"]) + 10)


def test_php_sdk_negative_cases() -> None:
    assert reason(PHP_BODY, PHP_AUTH, "a-fake-API-key", max_age=0) == "bad_signature"
    assert reason(PHP_BODY, PHP_AUTH, PHP_KEY, max_age=1) == "too_old"  # signed in 2021
    assert reason(PHP_BODY, PHP_AUTH, f" {PHP_KEY}\n", max_age=0) is None  # key is stripped
    assert reason(PHP_BODY, PHP_AUTH.encode(), PHP_KEY, max_age=0) is None  # bytes header


def test_the_docs_body_re_serialised_compactly_fails_as_it_must() -> None:
    compact = json.dumps(json.loads(DOCS_BODY), separators=(",", ":")).encode()
    assert compact != DOCS_BODY
    assert reason(compact, DOCS["auth_header"], DOCS["api_key"], max_age=0) == "bad_signature"


def test_every_single_byte_change_of_the_body_fails() -> None:
    for position in range(len(DOCS_BODY)):
        changed = bytearray(DOCS_BODY)
        changed[position] ^= 0x01
        assert reason(bytes(changed), DOCS["auth_header"], DOCS["api_key"], max_age=0) == (
            "bad_signature"
        ), position
    assert reason(DOCS_BODY + b" ", DOCS["auth_header"], DOCS["api_key"], max_age=0)
    assert reason(DOCS_BODY[:-1], DOCS["auth_header"], DOCS["api_key"], max_age=0)


def _auth(stamp: str, signature: str) -> str:
    return base64.b64encode(f"{stamp}:{signature}".encode()).decode()


def test_every_change_of_timestamp_or_signature_fails() -> None:
    stamp, signature = DOCS["timestamp"], DOCS["signature_hex"]
    assert reason(DOCS_BODY, _auth(stamp, signature), DOCS["api_key"], max_age=0) is None
    for i in range(len(stamp)):
        other = stamp[:i] + str((int(stamp[i]) + 1) % 10) + stamp[i + 1 :]
        assert reason(DOCS_BODY, _auth(other, signature), DOCS["api_key"], max_age=0) == (
            "bad_signature"
        )
    for i in range(len(signature)):
        digit = "0" if signature[i] != "0" else "1"
        other = signature[:i] + digit + signature[i + 1 :]
        assert reason(DOCS_BODY, _auth(stamp, other), DOCS["api_key"], max_age=0) == (
            "bad_signature"
        )


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        (None, "missing_header"),
        ("", "missing_header"),
        ("   ", "missing_header"),
        ("not base64!", "malformed_header"),
        (base64.b64encode(b"no-colon").decode(), "malformed_header"),
        (_auth("12a4", "0" * 128), "malformed_header"),
        (_auth("1641218884", "0" * 127), "malformed_header"),
        (_auth("1641218884", "g" * 128), "malformed_header"),
        (base64.b64encode("1641218884:\u00e9".encode()).decode(), "malformed_header"),
    ],
)
def test_missing_and_malformed_headers_are_told_apart(auth: Any, expected: str) -> None:
    assert reason(DOCS_BODY, auth, DOCS["api_key"], max_age=0) == expected


def test_age_window_and_clock_skew() -> None:
    key, auth = DOCS["api_key"], DOCS["auth_header"]
    assert reason(DOCS_BODY, auth, key, now=DOCS_TS + 600) is None
    assert reason(DOCS_BODY, auth, key, now=DOCS_TS + 601) == "too_old"
    assert reason(DOCS_BODY, auth, key, now=DOCS_TS - 60) is None  # small clock drift
    assert reason(DOCS_BODY, auth, key, now=DOCS_TS - 61) == "from_the_future"
    assert reason(DOCS_BODY, auth, key, max_age=0, now=DOCS_TS + 10**9) is None


def test_failures_never_show_the_body_or_the_key() -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        verify_notification(DOCS_BODY, DOCS["auth_header"], "wrong-key-123", max_age=0)
    text = str(caught.value) + repr(caught.value)
    assert "wrong-key-123" not in text and "my-order-id" not in text


def test_text_bodies_are_refused_because_they_may_not_be_the_bytes_received() -> None:
    with pytest.raises(ValidationError, match="raw request body as bytes"):
        verify_notification(DOCS_BODY.decode(), DOCS["auth_header"], DOCS["api_key"])  # type: ignore[arg-type]


VARIANTS = [
    b'{"order_id": "o-1", "status": "completed", "description": "caf\\u00e9"}',
    '{"order_id":"o-1","status":"completed","description":"café"}'.encode(),
    b'{\n  "order_id" : "o-1",\n  "status" : "completed",\n  "description" : "caf\\u00e9"\n}',
    b'{"order_id":"o-1","status":"completed","description":"caf\\u00e9","var1":"a\\/b"}',
]


@pytest.mark.parametrize("body", VARIANTS)
def test_any_spelling_of_the_json_verifies_when_signed_as_sent(body: bytes) -> None:
    auth = sign_notification(body, "k3y-for-tests", timestamp=1_700_000_000)
    order = parse_notification(body, auth, "k3y-for-tests", now=1_700_000_010)
    assert order.order_id == "o-1" and order.status is OrderStatus.COMPLETED
    assert order.description == "café"


def test_a_notification_and_a_get_decode_to_equal_orders() -> None:
    auth = sign_notification(DOCS_BODY, DOCS["api_key"], timestamp=DOCS_TS)
    from_webhook = parse_notification(DOCS_BODY, auth, DOCS["api_key"], now=DOCS_TS)
    as_get = json.loads(DOCS_BODY)
    as_get["transaction_id"] = int(as_get["transaction_id"])  # GET sends a number
    from_get_body = json.dumps({"success": True, "data": as_get}).encode()
    auth = sign_notification(from_get_body, DOCS["api_key"], timestamp=DOCS_TS)
    assert parse_notification(from_get_body, auth, DOCS["api_key"], now=DOCS_TS) == from_webhook
    assert from_webhook.transaction_id == 123456789


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"status": "completed"}'])
def test_authentic_bodies_that_are_not_orders_are_refused_as_bad_payload(body: bytes) -> None:
    auth = sign_notification(body, "k3y-for-tests")
    with pytest.raises(WebhookVerificationError) as caught:
        parse_notification(body, auth, "k3y-for-tests")
    assert caught.value.reason == "bad_payload"


keys = st.text(min_size=1, max_size=64).filter(lambda k: k.strip() != "")


@settings(max_examples=300, deadline=None)
@given(
    body=st.binary(max_size=2048),
    key=keys,
    auth=st.one_of(st.none(), st.text(max_size=300), st.binary(max_size=300)),
    now=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    max_age=st.floats(min_value=0, max_value=1e9),
)
def test_random_input_only_ever_raises_webhook_verification_error(
    body: bytes, key: str, auth: Any, now: float | None, max_age: float
) -> None:
    with contextlib.suppress(WebhookVerificationError):
        verify_notification(body, auth, key, max_age=max_age, now=now)


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=2048),
    key=keys,
    stamp=st.integers(min_value=0, max_value=2**40),
    other_key=keys,
)
def test_random_signed_bodies_verify_and_only_with_their_own_key(
    body: bytes, key: str, stamp: int, other_key: str
) -> None:
    auth = sign_notification(body, key, timestamp=stamp)
    verify_notification(body, auth, key, max_age=0)
    if other_key.strip() != key.strip():
        with pytest.raises(WebhookVerificationError):
            verify_notification(body, auth, other_key, max_age=0)
