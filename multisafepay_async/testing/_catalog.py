"""Static catalogue answers of the fake (shapes from MultiSafepay's documented examples)."""

from __future__ import annotations

from typing import Any

GATEWAYS: list[dict[str, Any]] = [
    {"id": "IDEAL", "description": "iDEAL"},
    {"id": "VISA", "description": "Visa"},
    {"id": "MASTERCARD", "description": "Mastercard"},
    {"id": "PAYPAL", "description": "PayPal"},
    {"id": "BANKTRANS", "description": "Wire Transfer"},
]
ISSUERS: dict[str, list[dict[str, Any]]] = {
    "IDEAL": [
        {"code": "0031", "description": "ABN AMRO"},
        {"code": "0721", "description": "ING"},
        {"code": "0021", "description": "Rabobank"},
    ]
}
CATEGORIES: list[dict[str, Any]] = [
    {"code": 100, "description": "Gifts and gadgets"},
    {"code": 101, "description": "Electronics and computers"},
    {"code": 102, "description": "Games"},
]


def payment_method(gateway: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": gateway["id"],
        "name": gateway["description"],
        "type": "payment-method",
        "allowed_amount": {"min": 1, "max": None},
        "allowed_countries": [],
        "allowed_currencies": ["EUR", "USD", "GBP"],
        "preferred_countries": ["NL"],
        "required_customer_data": [],
        "shopping_cart_required": False,
        "icon_urls": {"large": f"https://media.example/{gateway['id'].lower()}.png"},
        "brands": [],
        "apps": {"fastcheckout": {"is_enabled": True}},
        "tokenization": {"is_enabled": gateway["id"] in ("VISA", "MASTERCARD"), "models": None},
    }
