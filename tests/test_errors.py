"""Failures become typed errors, whatever HTTP status they arrive with, and never show the key."""

from __future__ import annotations

from typing import Any

import pytest
import respx

import multisafepay_async as msp
from multisafepay_async import (
    APIError,
    AsyncClient,
    AuthenticationError,
    InvalidRequestError,
    InvalidResponseError,
    MultiSafepayError,
    NotFoundError,
    RefundRefusedError,
    ResponseDecodeError,
    ServerError,
    ServiceUnavailableError,
)

from .conftest import API_KEY, load

BASE = "https://testapi.multisafepay.com/v1/json"
HTML_PAGE = b"<html><head><title>503 Service Temporarily Unavailable</title></head></html>"


def envelope(code: int, info: str) -> dict[str, Any]:
    return {"success": False, "data": {}, "error_code": code, "error_info": info}


CASES = [
    pytest.param(200, envelope(1006, "Invalid transaction ID"), NotFoundError, 1006, id="200+1006"),
    pytest.param(
        404,
        load("api-examples/errors/error-1006.get-order-not-found.404.json"),
        NotFoundError,
        1006,
        id="404+1006",
    ),
    pytest.param(
        401,
        load("api-examples/errors/error-1032.invalid-api-key.json"),
        AuthenticationError,
        1032,
        id="401+1032",
    ),
    pytest.param(200, envelope(1032, "Invalid API key"), AuthenticationError, 1032, id="200+1032"),
    pytest.param(
        403,
        load("api-examples/errors/forbidden.403.transactions.json"),
        AuthenticationError,
        None,
        id="403-forbidden",
    ),
    pytest.param(
        410,
        load("api-examples/errors/error-1000.not-found.410.json"),
        NotFoundError,
        1000,
        id="410+1000",
    ),
    pytest.param(
        404,
        load("api-examples/errors/error-1023.gateway-unavailable.404.json"),
        InvalidRequestError,
        1023,
        id="404+1023",
    ),
    pytest.param(
        404,
        load("api-examples/errors/error-1019.site-blocked.404.json"),
        InvalidRequestError,
        1019,
        id="404+1019-data-as-list",
    ),
    pytest.param(200, envelope(1001, "Invalid amount"), InvalidRequestError, 1001, id="200+1001"),
    pytest.param(200, envelope(5001, "Cart not valid"), InvalidRequestError, 5001, id="200+5001"),
    pytest.param(200, envelope(1034, "Cannot refund"), RefundRefusedError, 1034, id="200+1034"),
    pytest.param(
        422,
        load("api-examples/errors/validation.422.account-endpoints.json"),
        InvalidRequestError,
        None,
        id="422-validation",
    ),
    pytest.param(
        200, load("fixtures/php-sdk/generic-fail.json"), APIError, 418, id="200+unknown-code"
    ),
    pytest.param(200, {"success": False, "error_code": "1006"}, NotFoundError, 1006, id="code-str"),
]


@pytest.mark.parametrize(("status", "body", "cls", "code"), CASES)
@respx.mock
async def test_failures_map_to_typed_errors_whatever_the_http_status(
    status: int, body: Any, cls: type[APIError], code: int | None, respx_mock: respx.MockRouter
) -> None:
    respx_mock.get(f"{BASE}/orders/o-1").respond(status, json=body)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(cls) as caught:
            await client.orders.get("o-1", max_retries=0)
    error = caught.value
    assert type(error) is cls
    assert (error.http_status, error.error_code) == (status, code)
    assert error.method == "GET" and error.path == "/orders/o-1"
    assert error.order_id == "o-1"
    assert str(error).startswith(f"GET /orders/o-1: HTTP {status}")
    info = body.get("error_info") or body.get("message")
    assert error.error_info == info
    if info:
        assert info in str(error)


@respx.mock
async def test_error_1006_on_create_means_the_order_id_is_taken_not_missing(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.post(f"{BASE}/orders").respond(200, json=envelope(1006, "Invalid order ID"))
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.orders.create(
                {"order_id": "o", "currency": "EUR", "amount": 1, "description": "d"}
            )
    assert caught.value.error_code == 1006 and caught.value.order_id == "o"


@respx.mock
async def test_an_html_503_page_is_service_unavailable(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/orders/o").respond(
        503, content=HTML_PAGE, headers={"content-type": "text/html"}
    )
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ServiceUnavailableError) as caught:
            await client.orders.get("o", max_retries=0)
    assert caught.value.http_status == 503 and caught.value.error_code is None
    assert "not JSON (text/html)" in str(caught.value)
    assert "503 Service Temporarily Unavailable" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [HTML_PAGE, b'{"success": true, "data": {"order_id": "o"', b"", b'["no", "envelope"]', b"{}"],
    ids=["html", "truncated", "empty", "json-list", "json-without-envelope"],
)
@respx.mock
async def test_a_200_that_is_not_the_envelope_is_an_invalid_response(
    content: bytes, respx_mock: respx.MockRouter
) -> None:
    respx_mock.get(f"{BASE}/orders/o").respond(200, content=content)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(InvalidResponseError) as caught:
            await client.orders.get("o")
    assert caught.value.http_status == 200
    assert caught.value.attempts == 3  # a glitch in between: reads ask again


@respx.mock
async def test_a_body_that_does_not_fit_the_model_names_the_field(
    respx_mock: respx.MockRouter,
) -> None:
    body = {"success": True, "data": {"order_id": "o", "amount": "ten euros"}}
    respx_mock.get(f"{BASE}/orders/o").respond(200, json=body)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.orders.get("o")
    assert caught.value.field == "$.amount"
    assert "expected an integer, got str 'ten euros'" in str(caught.value)
    assert isinstance(caught.value, InvalidResponseError)


@respx.mock
async def test_other_5xx_are_server_errors(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/orders/o").respond(502, text="Bad gateway")
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ServerError) as caught:
            await client.orders.get("o")
    assert caught.value.http_status == 502
    assert caught.value.attempts == 3 and "(after 3 attempts)" in str(caught.value)


@pytest.mark.parametrize("where", ["header", "query"])
@respx.mock
async def test_the_api_key_never_appears_in_errors_even_when_the_server_echoes_it(
    where: Any, respx_mock: respx.MockRouter
) -> None:
    respx_mock.get(url__startswith=f"{BASE}/orders/").respond(
        200, json=envelope(1032, f"Invalid API key {API_KEY}")
    )
    async with AsyncClient(API_KEY, api_key_in=where) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.orders.get("o")
        texts = [str(caught.value), repr(caught.value), repr(client), str(vars(caught.value))]
    assert all(API_KEY not in text for text in texts)
    assert "[redacted]" in str(caught.value)


def test_every_error_class_is_exported_and_rooted_in_multisafepay_error() -> None:
    exported = [getattr(msp, name) for name in msp.__all__]
    errors = [obj for obj in exported if isinstance(obj, type) and issubclass(obj, Exception)]
    assert len(errors) >= 15
    assert all(issubclass(cls, MultiSafepayError) for cls in errors)
    assert issubclass(msp.ValidationError, ValueError)
    assert issubclass(msp.ClientStateError, RuntimeError)
