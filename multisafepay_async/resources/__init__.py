"""API resources: thin objects that say what to call; the client does the how."""

from .orders import Orders

__all__ = ["Orders"]
