"""Webhook adapters for web frameworks; each module imports only its own framework.

- `multisafepay_async.integrations.starlette`: Starlette and FastAPI (`[starlette]` extra)
- `multisafepay_async.integrations.aiohttp`: aiohttp.web (`[aiohttp]` extra)
"""
