"""What the answer library plugs into the rest of the product, once, from AppConfig.ready."""

from __future__ import annotations


def register() -> None:
    return None
