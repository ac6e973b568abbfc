"""What the tenders app plugs into the pages of others (sections)."""

from __future__ import annotations


def register() -> None:
    pass
