"""The shapes the demo's customers and opportunities are written in (people: people.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCustomer:
    key: str
    name: str
    short_name: str
    industry: str
    region: str
    size: str
    source: str
    status: str
    owner: str
    mail_slug: str
    address: str = ""
    notes: str = ""


@dataclass(frozen=True)
class DemoOpportunity:
    customer: str
    name: str
    amount: int
    has_tender: bool
    outcome: str  # a stage role (active there), "won", "lost:<role>", "abandoned:<role>", "back:consulting"
    description: str = ""
    competitors: str = ""
    close_reason: str = ""
    winner: str = ""
