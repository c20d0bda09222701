"""`client.orders`: create and look up orders, and everything done to one afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Iterable, Mapping
from typing import Any, Unpack

import attrs

from .._batch import BatchOutcome, BatchProgress, run_batch
from .._convert import structure_request
from .._scalars import kind_of
from ..errors import OutcomeUnknownError, ValidationError
from ..models.operations import (
    CaptureRequest,
    OperationResult,
    OrderUpdate,
    RefundRequest,
    ReservationCancel,
)
from ..models.order import CreatedOrder, Order
from ..models.requests import OrderRequest
from ._base import (
    CallExtras,
    CallOptions,
    Operation,
    check_extras,
    for_lookup,
    read_answer,
    remaining,
    split_options,
)
from ._ids import flag, instance_or_none, optional_text, path_id
from ._order_admin import OrderAdmin
from ._reconcile import reconcile_create
from ._refunds import check_items, refund_items_body
from ._wait import Until, check_wait, predicate, wait_for

__all__ = ["Orders"]

_ORDER = "orders/{order_id}"
# create() sends CREATE itself: a create that may have arrived is reconciled, not re-sent.
CREATE = Operation(
    "orders.create", "POST", "orders", CreatedOrder, "CreateOrder", request=OrderRequest
)
GET = Operation("orders.get", "GET", _ORDER, Order, "getOrder")
UPDATE = Operation(
    "orders.update", "PATCH", _ORDER, OperationResult, "updateOrder", request=OrderUpdate
)
REFUND = Operation(
    "orders.refund",
    "POST",
    _ORDER + "/refunds",
    OperationResult,
    "refundOrder",
    request=RefundRequest,
)
REFUND_ITEMS = Operation(
    "orders.refund_items",
    "POST",
    _ORDER + "/refunds",
    OperationResult,
    "refundOrder",
    request=RefundRequest,
)
CANCEL_REFUND = Operation(
    "orders.cancel_refund",
    "PATCH",
    _ORDER + "/refunds/{refund_id}",
    OperationResult,
    "cancelRefund",
)
CAPTURE = Operation(
    "orders.capture",
    "POST",
    _ORDER + "/capture",
    OperationResult,
    "capturePayment",
    request=CaptureRequest,
)
CANCEL_RESERVATION = Operation(
    "orders.cancel_reservation",
    "PATCH",
    "capture/{order_id}",
    OperationResult,
    "cancelAuthorizedOrder",
    request=ReservationCancel,
)
CANCEL = Operation("orders.cancel", "POST", _ORDER + "/cancel", Order, "cancelBancontactQR")


class Orders(OrderAdmin):
    """Orders: `create`, `get`, `get_many`, `wait`; `update`, `refund`, `refund_items`,
    `cancel_refund`, `capture`, `cancel_reservation`, `cancel` (POS / Bancontact QR);
    Pay After Delivery `put_on_hold`, `extend_expiry`; `challenge_chargeback`."""

    async def create(
        self,
        order: OrderRequest | Mapping[str, Any],
        *,
        reconcile: bool = False,
        **options: Unpack[CallOptions],
    ) -> CreatedOrder:
        """Create an order (`POST /orders`).

        `order` is an `OrderRequest` or a mapping in the API's JSON shape; a mapping is
        validated first, so a typo or a float amount raises `ValidationError` before anything
        is sent. `extra_body` adds top-level fields the model does not know yet; with a
        `deadline`, the lookup of `reconcile=True` gets what is left of it.

        The request is re-sent only when it certainly did not reach MultiSafepay. When it may
        have, `OutcomeUnknownError` is raised. With `reconcile=True` the order is looked up
        first (with this call's `max_retries` and `timeout`): if it exists with this request's
        amount and currency it is returned (as `CreatedOrder.order`, without `payment_url`);
        anything else (not found, the lookup failing too, a different order under this id)
        still ends in `OutcomeUnknownError`, with the lookup's error as `lookup_error` and
        `__cause__`. So a create that may have arrived ends in exactly one of: the order, or
        `OutcomeUnknownError`.
        """
        reconcile = flag("reconcile", reconcile)
        request = structure_request(order, OrderRequest, "order request")
        started = asyncio.get_running_loop().time()
        try:
            data, path = await self._fetch(
                CREATE, body=request, order_id=request.order_id, options=options
            )
            return read_answer(
                lambda: self._created(data, request.order_id),
                method=CREATE.method,
                path=path,
                order_id=request.order_id,
            )
        except OutcomeUnknownError as exc:
            if not reconcile:
                raise
            return await reconcile_create(self, request, exc, remaining(options, started))

    async def get(self, order_id: str, **options: Unpack[CallOptions]) -> Order:
        """Get an order and its current status (`GET /orders/{order_id}`).

        Raises `NotFoundError` when no order has this id on the website.
        """
        order_id = path_id("order_id", order_id)
        return await self._send(GET, order_id, order_id=order_id, options=options)

    def get_many(
        self,
        order_ids: Iterable[str] | AsyncIterable[str],
        *,
        concurrency: int | None = None,
        ordered: bool = False,
        on_progress: Callable[[BatchProgress], object] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncGenerator[BatchOutcome[Order], None]:
        """Look up many orders at once; yields a result per id as each completes.

        `order_ids` may be any iterable or async iterable (a generator of a million ids runs
        in bounded memory). At most `concurrency` lookups run at once (default: the client's
        pool size), on the client's pool and with its retry policy. Each result is a
        `BatchSuccess` (`.ok` True, `.order` an `Order`) or a `BatchFailure` (`.ok` False,
        `.error` the typed error), both with `.order_id`; checking `.ok` narrows the type.
        One failing id never stops the others. `ordered=True` yields in input order;
        `on_progress` is called with a `BatchProgress` after each result.

        Stopping early: `async with contextlib.aclosing(client.orders.get_many(ids)) as
        results:` cancels outstanding lookups as soon as you leave the block.
        """
        if isinstance(order_ids, (str, bytes, bytearray, memoryview)):
            # Iterating "x1" would look up "x" and "1".
            raise ValidationError(
                "get_many", [f"$: expected an iterable of order ids, got {kind_of(order_ids)}"]
            )
        ordered = flag("ordered", ordered)
        if on_progress is not None and not callable(on_progress):
            raise ValidationError(
                "get_many", [f"on_progress must be callable, got {on_progress!r}"]
            )
        pool = self._client._limits.max_connections or 100
        limit = pool if concurrency is None else concurrency
        if type(limit) is not int or limit < 1:
            raise ValidationError("get_many", [f"concurrency must be >= 1, got {concurrency!r}"])
        split_options(options, "get_many")  # a bad option fails now, not once per id

        def lookup(order_id: str) -> Awaitable[Order]:
            return self.get(order_id, **options)

        return run_batch(
            order_ids, lookup, concurrency=limit, ordered=ordered, on_progress=on_progress
        )

    async def wait(
        self,
        order: CreatedOrder | Order | str,
        *,
        until: Until = None,
        timeout: float | None = None,
        poll_interval: float = 2.0,
        max_retries: int | None = None,
        **extras: Unpack[CallExtras],
    ) -> Order:
        """Wait until the order satisfies `until`, and return it.

        `until` is a set of statuses (`{"completed", "declined"}`), a function of the
        `Order`, or None: the payment's outcome is known (`OrderStatus.outcome_known`:
        completed, declined, expired, cancelled, void, refunded ...). With the event
        credentials of a `CreatedOrder` it listens to the order's event stream and confirms
        each event with `orders.get`; otherwise (or if the stream fails) it polls, every
        `poll_interval` seconds growing to 15 s. `timeout` is the whole wait in seconds
        (None: no limit; unlike other methods, not a per-request timeout); then
        `WaitTimeoutError` is raised with the last order seen. `max_retries` and the extras
        are those of each lookup. Cancelling it closes the stream.
        """
        test = predicate(until)
        check_wait(order, timeout, poll_interval)
        self._client._retries(max_retries)
        check_extras(extras, "wait")
        return await wait_for(
            self,
            order,
            test,
            timeout=timeout,
            poll_interval=float(poll_interval),
            max_retries=max_retries,
            extras=for_lookup(extras),  # type: ignore[arg-type]
        )

    async def update(
        self,
        order_id: str,
        update: OrderUpdate | Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> OperationResult:
        """Update an order (`PATCH /orders/{id}`): ship, cancel, invoice, extend (Klarna).

        ```python
        await client.orders.update(order_id, {"status": "shipped", "tracktrace_code": "3S..."})
        await client.orders.update(order_id, {"status": "cancelled", "exclude_order": True})
        ```
        """
        order_id = path_id("order_id", order_id)
        return await self._send(UPDATE, order_id, body=update, order_id=order_id, options=options)

    async def refund(
        self,
        order_id: str,
        refund: RefundRequest | Mapping[str, Any] | None = None,
        *,
        order: Order | None = None,
        **options: Unpack[CallOptions],
    ) -> OperationResult:
        """Refund an order (`POST /orders/{id}/refunds`), in full or in part.

        ```python
        await client.orders.refund(order_id, {"currency": "EUR", "amount": 250})  # part
        await client.orders.refund(order_id)  # in full: no amount
        ```

        MultiSafepay requires the refund's `currency` (the order's own); leaving out `amount`
        is what means "in full". When `refund` carries no currency it is taken from `order`
        if you pass it, else from the order itself, looked up first (`GET /orders/{id}`,
        with this call's `max_retries` and `timeout`).

        Never re-sent when its outcome is unknown: MultiSafepay refuses a second refund of the
        same amount within 5 minutes (error 1034, `RefundRefusedError`) but would accept a
        different one.
        """
        order_id = path_id("order_id", order_id)
        instance_or_none("order", order, Order)
        request = structure_request(
            {} if refund is None else refund, RefundRequest, "RefundRequest body"
        )
        if request.currency is None and request.checkout_data is None:
            split_options(options, REFUND.name)  # a bad option fails before the lookup
            if order is None:
                order = await self.get(order_id, **for_lookup(options))
            if not order.currency:
                raise ValidationError(
                    "RefundRequest body", ["$.currency: required, and the order has none"]
                )
            request = attrs.evolve(request, currency=order.currency)
        return await self._send(REFUND, order_id, body=request, order_id=order_id, options=options)

    async def refund_items(
        self,
        order_id: str,
        items: Mapping[str, int],
        *,
        order: Order | None = None,
        **options: Unpack[CallOptions],
    ) -> OperationResult:
        """Refund cart lines of a BNPL order: `items` maps `merchant_item_id` to a quantity.

        Like the official SDKs, sends the order's own cart (fetched unless `order` is given)
        plus one negative line per refunded item as `checkout_data`. Unknown items or too
        large quantities raise `ValidationError` before the refund is sent.
        """
        order_id = path_id("order_id", order_id)
        instance_or_none("order", order, Order)
        items = check_items(items)  # before the lookup: bad input never costs a request
        split_options(options, REFUND_ITEMS.name)
        if order is None:
            order = await self.get(order_id, **for_lookup(options))
        body = refund_items_body(order, items)
        return await self._send(
            REFUND_ITEMS, order_id, body=body, order_id=order_id, options=options
        )

    async def cancel_refund(
        self,
        order_id: str,
        refund_id: str | int,
        *,
        description: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OperationResult:
        """Cancel a refund that is still initialized or reserved
        (`PATCH /orders/{id}/refunds/{refund_id}`, status `void`)."""
        order_id = path_id("order_id", order_id)
        body: dict[str, Any] = {"status": "void"}
        if optional_text("description", description) is not None:
            body["description"] = description
        return await self._send(
            CANCEL_REFUND, order_id, refund_id, body=body, order_id=order_id, options=options
        )

    async def capture(
        self,
        order_id: str,
        capture: CaptureRequest | Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> OperationResult:
        """Capture an authorised (manual-capture) payment (`POST /orders/{id}/capture`)."""
        order_id = path_id("order_id", order_id)
        return await self._send(CAPTURE, order_id, body=capture, order_id=order_id, options=options)

    async def cancel_reservation(
        self,
        order_id: str,
        cancel: ReservationCancel | Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> OperationResult:
        """Void an authorised reservation (`PATCH /capture/{id}`, status `cancelled`)."""
        order_id = path_id("order_id", order_id)
        return await self._send(
            CANCEL_RESERVATION, order_id, body=cancel, order_id=order_id, options=options
        )

    async def cancel(self, order_id: str, **options: Unpack[CallOptions]) -> Order:
        """Cancel a pending POS or Bancontact QR transaction (`POST /orders/{id}/cancel`);
        returns the cancelled order."""
        order_id = path_id("order_id", order_id)
        data, path = await self._fetch(CANCEL, order_id, order_id=order_id, options=options)
        # This answer is order-shaped but carries no order_id: it is the one we asked for.
        if not data:
            data = {}
        if isinstance(data, Mapping):
            data = {"order_id": order_id, **data}
        return read_answer(
            lambda: self._client._decode(data, Order, method=CANCEL.method, path=path),
            method=CANCEL.method,
            path=path,
            order_id=order_id,
        )

    def _created(self, data: Any, order_id: str) -> CreatedOrder:
        created = self._client._decode(data, CreatedOrder, method="POST", path="/orders")
        if isinstance(data, Mapping) and ("status" in data or "transaction_id" in data):
            # Direct orders answer with the whole order, payment_url included.
            order = self._client._decode(data, Order, method="POST", path="/orders")
            return attrs.evolve(created, order=order)
        return created
