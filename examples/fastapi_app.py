"""A FastAPI shop that takes payments with MultiSafepay: copy it and fill in your database.

    MULTISAFEPAY_API_KEY=... uvicorn examples.fastapi_app:app

It reads three variables: `MULTISAFEPAY_API_KEY` and `MULTISAFEPAY_ENVIRONMENT` (as
`AsyncClient()` does) and its own `MULTISAFEPAY_BASE_URL`, the API URL including `/v1/json`,
to run it against the fake MultiSafepay (`multisafepay-async fake` serves one on
http://127.0.0.1:8080/v1/json and prints its key).

- one `AsyncClient` for the whole app, opened and closed by the lifespan;
- `POST /checkout` creates an order and returns the payment page to send the customer to;
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
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from multisafepay_async import AsyncClient, CreatedOrder, Order
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

    @app.post("/checkout")
    async def checkout(item: CheckoutIn, request: Request) -> dict[str, Any]:
        order_id = f"shop-{uuid.uuid4().hex[:16]}"
        created = await request.app.state.msp.orders.create(
            {
                "type": "redirect",
                "order_id": order_id,
                "currency": "EUR",
                "amount": item.amount,
                "description": item.description,
                "payment_options": {
                    "notification_url": str(request.url_for("multisafepay_webhook")),
                    "notification_method": "POST",
                    "redirect_url": str(request.url_for("order_status", order_id=order_id)),
                },
            }
        )
        app.state.orders[order_id] = "initialized"
        app.state.created[order_id] = created
        return {"order_id": created.order_id, "payment_url": created.payment_url}

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


def _status_event(order: Order) -> str:
    return f"event: status\ndata: {order.raw_status or order.status}\n\n"


app = create_app(
    os.environ.get("MULTISAFEPAY_API_KEY", ""),
    environment=os.environ.get("MULTISAFEPAY_ENVIRONMENT", "test"),
    base_url=os.environ.get("MULTISAFEPAY_BASE_URL") or None,
)
