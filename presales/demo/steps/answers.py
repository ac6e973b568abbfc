"""The demo's answer library (应答集锦): ~90 entries of both businesses from
presales/demo/data/answers.json, written by their owners through the library's services,
approved by each category's owner (the first entry's owner keeps the category), a few left
as drafts or in review, some due or overdue for review."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from presales.answers import services
from presales.answers.models import AnswerCategory, AnswerEntry, AnswerStatus
from presales.catalog.models import Product
from presales.demo.context import DemoContext

DATA = Path(__file__).resolve().parent.parent / "data" / "answers.json"


def build_answers(ctx: DemoContext) -> int:
    items = json.loads(DATA.read_text(encoding="utf-8"))
    products = {p.model_code: p.pk for p in Product.objects.only("pk", "model_code")}
    categories: dict[str, AnswerCategory] = {}
    due: dict[int, int] = {}
    for item in items:
        owner = ctx.users[item["owner"]]
        name = item["category"]
        if name not in categories:
            categories[name] = AnswerCategory.objects.create(name=name, owner=owner, order=len(categories) + 1)
        category = categories[name]
        entry = services.entry_create(
            user=owner,
            data={
                "code": item["code"],
                "category": category,
                "requirement": item["requirement"],
                "answer": item["answer"],
                "deviation": item["deviation"],
                "tags": item.get("tags") or [],
                "products": [products[code] for code in item.get("products") or () if code in products],
                "wordings": item.get("alternatives") or [],
            },
        )
        if item["status"] in (AnswerStatus.IN_REVIEW, AnswerStatus.APPROVED):
            entry = services.entry_submit_for_review(user=owner, entry=entry)
        if item["status"] == AnswerStatus.APPROVED:
            entry = services.entry_approve(user=category.owner, entry=entry)
            if "review_due_days" in item:
                due[entry.pk] = int(item["review_due_days"])
    today = timezone.localdate()
    for pk, days in due.items():
        AnswerEntry.objects.filter(pk=pk).update(next_review_on=today + timedelta(days=days))
    return len(items)
