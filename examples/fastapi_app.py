"""A FastAPI shop that takes payments with MultiSafepay: copy it and fill in your database.

    MULTISAFEPAY_API_KEY=... uvicorn examples.fastapi_app:app

It reads three variables: `MULTISAFEPAY_API_KEY` and `MULTISAFEPAY_ENVIRONMENT` (as
`AsyncClient()` does) and its own `MULTISAFEPAY_BASE_URL`, the API URL including `/v1/json`,
to run it against the fake MultiSafepay (`multisafepay-async fake` serves one on
http://127.0.0.1:8080/v1/json and prints its key).

- one `AsyncClient` for the whole app, opened and closed by the lifespan;
- `POST /checkout` creates an order and returns the payment page to send the customer to;
  `GET /` and `POST /buy` are the same as an HTML form that sends the browser there, and
  `GET /orders/{order_id}/done` is where MultiSafepay sends the customer back: it shows
  what the webhook said (paid or not), never what the redirect claims;
- `/webhooks/multisafepay` receives MultiSafepay's notifications, verifies their signature
  over the raw body, records the new status and answers `OK`;
- `GET /orders/{order_id}/events` streams the order's status to the browser
  (`text/event-stream`, for an `EventSource`) until the payment's outcome is known, driven by
  MultiSafepay's order event stream.

MultiSafepay only calls HTTPS notification URLs without a port: behind a proxy, make
`url_for` produce the public URL (e.g. uvicorn's `--proxy-headers`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape
from typing import Any
from urllib.parse import parse_qs

import httpx
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel, Field

from multisafepay_async import AsyncClient, CreatedOrder, Order, OrderStatus
from multisafepay_async.integrations.starlette import notification_endpoint


class CheckoutIn(BaseModel):
    amount: int = Field(gt=0, description="in cents: 1000 is 10.00 EUR")
    description: str = Field(min_length=1, max_length=200)


def create_app(
    api_key: str,
    *,
    environment: str = "test",
    base_url: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncClient(
            api_key,
            environment=environment,  # type: ignore[arg-type]
            base_url=base_url,
            transport=transport,
        ) as client:
            app.state.msp = client
            yield

    app = FastAPI(lifespan=lifespan)
    app.state.orders = {}  # order_id -> status: stands in for your database
    app.state.created = {}  # order_id -> CreatedOrder, for its event-stream credentials

    async def record(order: Order) -> None:
        # Idempotent on purpose: MultiSafepay may deliver the same status more than once.
        app.state.orders[order.order_id] = str(order.status)

    app.add_api_route(
        "/webhooks/multisafepay",
        notification_endpoint(api_key, record, client=lambda: app.state.msp),
        methods=["POST", "GET"],
        name="multisafepay_webhook",
    )

    async def create_order(item: CheckoutIn, request: Request) -> CreatedOrder:
        order_id = f"shop-{uuid.uuid4().hex[:16]}"
        back = str(request.url_for("order_page", order_id=order_id))  # paid or not
        created: CreatedOrder = await request.app.state.msp.orders.create(
            {
                "type": "redirect",
                "order_id": order_id,
                "currency": "EUR",
                "amount": item.amount,
                "description": item.description,
                "payment_options": {
                    "notification_url": str(request.url_for("multisafepay_webhook")),
                    "notification_method": "POST",
                    "redirect_url": back,
                    "cancel_url": back,
                },
            }
        )
        app.state.orders[order_id] = "initialized"
        app.state.created[order_id] = created
        return created

    @app.post("/checkout")
    async def checkout(item: CheckoutIn, request: Request) -> dict[str, Any]:
        created = await create_order(item, request)
        return {"order_id": created.order_id, "payment_url": created.payment_url}

    @app.get("/", response_class=HTMLResponse)
    async def shop_page() -> str:
        return _page("Fake shop", SHOP_FORM)

    @app.post("/buy")
    async def buy(request: Request) -> RedirectResponse:
        # A plain HTML form (no python-multipart needed): the browser's checkout.
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        try:
            item = CheckoutIn(
                amount=int(form.get("amount", "")), description=form.get("description", "")
            )
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise HTTPException(422, f"invalid checkout: {exc}") from None
        created = await create_order(item, request)
        assert created.payment_url is not None  # redirect orders always have one
        return RedirectResponse(created.payment_url, status_code=303)

    @app.get("/orders/{order_id}/done", name="order_page", response_class=HTMLResponse)
    async def order_page(order_id: str) -> str:
        # Where MultiSafepay sends the customer back (?transactionid=...). What it shows
        # comes from the webhook, never from the redirect, which anyone can fake.
        if order_id not in app.state.orders:
            raise HTTPException(404, "unknown order")
        status = OrderStatus(app.state.orders[order_id])
        if status.is_pending:  # the notification may arrive a moment after the customer
            body = f"<p id=status data-status={status}>Waiting for the payment...</p>"
            return _page("Your order", body, refresh=True)
        shown = "paid" if status.is_paid else "not paid"
        body = f"<p id=status data-status={status}>Order {escape(order_id)}: {shown} ({status})</p>"
        return _page("Your order", body)

    @app.get("/orders/{order_id}", name="order_status")
    async def order_status(order_id: str) -> dict[str, str]:
        if order_id not in app.state.orders:
            raise HTTPException(404, "unknown order")
        return {"order_id": order_id, "status": app.state.orders[order_id]}

    @app.get("/orders/{order_id}/events")
    async def order_events(order_id: str, request: Request) -> StreamingResponse:
        created: CreatedOrder | None = app.state.created.get(order_id)
        if created is None:
            raise HTTPException(404, "unknown order")
        client: AsyncClient = request.app.state.msp

        async def statuses() -> AsyncIterator[str]:
            # The current status first, then one line per change until the outcome is known.
            # Each event only says that something changed: orders.get says what.
            order = await client.orders.get(order_id)
            yield _status_event(order)
            if order.status.outcome_known:
                return
            async with client.events.subscribe(created) as events:
                async for _ in events:
                    order = await client.orders.get(order_id)
                    yield _status_event(order)
                    if order.status.outcome_known:
                        return

        return StreamingResponse(
            statuses(), media_type="text/event-stream", headers={"cache-control": "no-cache"}
        )

    return app


SHOP_FORM = """<h1>A table</h1><form method=post action=/buy>
<input type=hidden name=description value="A table">
<label>Amount in cents <input name=amount value=1000></label>
<button type=submit id=buy>Buy for EUR 10.00</button></form>"""


def _page(title: str, body: str, *, refresh: bool = False) -> str:
    meta = "<meta http-equiv=refresh content=1>" if refresh else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>{body}</body></html>"
    )


def _status_event(order: Order) -> str:
    return f"event: status\ndata: {order.raw_status or order.status}\n\n"


app = create_app(
    os.environ.get("MULTISAFEPAY_API_KEY", ""),
    environment=os.environ.get("MULTISAFEPAY_ENVIRONMENT", "test"),
    base_url=os.environ.get("MULTISAFEPAY_BASE_URL") or None,
)
