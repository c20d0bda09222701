"""The fake's payment page: what MultiSafepay's hosted page does at `payment_url`, in plain
HTML and one form POST (no JavaScript, no external assets), so a real browser or a test
client can be the customer.

The outcome buttons carry `data-action="complete" | "decline" | "cancel" | "uncleared"`
(public: users' browser tests select them). After a click the order's status changes, the
signed notification goes out and the event stream records it (`FakeMultiSafepay.apply`),
and the browser is sent, like MultiSafepay sends it, to `redirect_url` (paid or pending) or
`cancel_url` (cancelled or declined) with `transactionid=<order_id>` in the query; without
that URL the page shows the outcome.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ._catalog import GATEWAYS
from ._state import SITE_ID, FakeError

__all__ = [
    "OUTCOMES",
    "checkout_page",
    "chosen",
    "money",
    "outcome_page",
    "redirect_after",
    "unknown_session_page",
]

#: The outcomes a customer can pick, in the order the buttons show them.
OUTCOMES = {
    "complete": "Pay",
    "uncleared": "Pay, held for review (uncleared)",
    "decline": "Decline",
    "cancel": "Cancel and return to the shop",
}
#: Methods whose payments can be held for review (uncleared): cards and bank transfers.
CAN_BE_UNCLEARED = frozenset({"VISA", "MASTERCARD", "AMEX", "MAESTRO", "BANKTRANS"})
_NO_MINOR_UNITS = frozenset({"JPY"})
_GO_BACK = frozenset({"cancelled", "declined", "expired", "void"})  # to cancel_url

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
    "h1{font-size:1.3rem}.amount{font-size:2rem;margin:.5rem 0}"
    "button{display:block;width:100%;margin:.4rem 0;padding:.7rem;font-size:1rem}"
    "fieldset{margin:1rem 0}.note{color:#555}.error{color:#a00}"
)


def money(amount: int, currency: str) -> str:
    """Minor units as the customer reads them: `money(1000, "EUR")` is `"EUR 10.00"`."""
    if currency in _NO_MINOR_UNITS:
        return f"{currency} {amount:,}"
    return f"{currency} {amount // 100:,}.{amount % 100:02d}"


def _document(title: str, body: str, status: str = "") -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f'<body data-status="{escape(status, quote=True)}">{body}</body></html>\n'
    ).encode()


def _gateway_of(order: dict[str, Any]) -> str | None:
    gateway = order["payment_details"].get("type")
    return str(gateway) if gateway else None


def checkout_page(order: dict[str, Any], session_id: str, error: str = "") -> bytes:
    """The payment page of `order`: merchant, description, amount, the method (a choice of
    the fake's gateways when the order named none), and the outcome buttons."""
    merchant = f"Fake Shop (site {SITE_ID})"
    gateway = _gateway_of(order)
    parts = [
        f"<p class=note>{escape(merchant)} asks you to pay</p>",
        f"<h1 id=description>{escape(order['description'])}</h1>",
        f"<p class=amount id=amount>{escape(money(order['amount'], order['currency']))}</p>",
        f"<p class=note>Order {escape(order['order_id'])}</p>",
    ]
    if error:
        parts.append(f"<p class=error role=alert>{escape(error)}</p>")
    if order["status"] != "initialized":
        parts.append(f"<p id=outcome>This order is {escape(order['status'])}.</p>")
        return _document("Payment", "".join(parts), order["status"])
    form = [f'<form method=post action="/pay/{escape(session_id, quote=True)}">']
    if gateway is None:
        choices = "".join(
            f'<label><input type=radio name=gateway value="{escape(g["id"], quote=True)}"'
            f"{' checked' if i == 0 else ''}> {escape(g['description'])}</label><br>"
            for i, g in enumerate(GATEWAYS)
        )
        form.append(f"<fieldset><legend>Payment method</legend>{choices}</fieldset>")
    else:
        form.append(f"<p id=method>Payment method: {escape(gateway)}</p>")
    for action, label in OUTCOMES.items():
        if action == "uncleared" and gateway is not None and gateway not in CAN_BE_UNCLEARED:
            continue
        form.append(
            f'<button type=submit name=action value="{action}" data-action="{action}">'
            f"{escape(label)}</button>"
        )
    form.append("</form>")
    if gateway is None:
        parts.append("<p class=note>Uncleared: card and bank-transfer payments only.</p>")
    return _document("Payment", "".join(parts + form), order["status"])


def chosen(order: dict[str, Any], form: dict[str, str]) -> tuple[str, str | None]:
    """The action and gateway a submitted form asks for; `FakeError` for what MultiSafepay's
    page would not let a customer do."""
    action = form.get("action", "")
    if order["status"] != "initialized":  # paid, cancelled ...: a second click changes nothing
        raise FakeError(409, 1000, f"Cannot {action or 'pay'}: the order is {order['status']}")
    if action not in OUTCOMES:
        raise FakeError(400, 1000, f"Unknown action {action!r}")
    gateway = _gateway_of(order) or form.get("gateway") or None
    if gateway is not None and gateway not in {g["id"] for g in GATEWAYS}:
        raise FakeError(400, 1000, f"Unknown payment method {gateway!r}")
    if action == "uncleared" and (gateway or "") not in CAN_BE_UNCLEARED:
        raise FakeError(400, 1000, f"A {gateway or 'payment'} is never uncleared: pay by card")
    return action, gateway


def redirect_after(order: dict[str, Any], options: dict[str, Any]) -> str | None:
    """Where MultiSafepay sends the customer now: `cancel_url` for an order that did not get
    paid, else `redirect_url`, with `transactionid` added; None without that URL."""
    url = options.get("cancel_url" if order["status"] in _GO_BACK else "redirect_url")
    if not url:
        return None
    parts = urlsplit(str(url))
    query = urlencode([*parse_qsl(parts.query), ("transactionid", order["order_id"])])
    return urlunsplit(parts._replace(query=query))


def unknown_session_page() -> bytes:
    """What a payment URL no order has shows."""
    return _document("Payment", "<h1 id=outcome>Unknown payment session.</h1>", "unknown")


def outcome_page(order: dict[str, Any]) -> bytes:
    """What the page shows after a click when the order has no URL to return to."""
    text = f"Order {order['order_id']} is {order['status']}."
    body = f"<h1 id=outcome>{escape(text)}</h1>"
    return _document("Payment " + order["status"], body, order["status"])
