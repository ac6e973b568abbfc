"""The demo's library (presales.demo.steps.knowledge), built on the demo's people and catalog."""

from __future__ import annotations

from datetime import timedelta

import pytest

from presales.demo.context import DemoContext
from presales.demo.data.people import GRID_SALES, POWER_SENIOR_ENGINEER, SALES_HEAD
from presales.demo.steps.catalog import build_catalog
from presales.demo.steps.knowledge import build_library
from presales.demo.steps.people import build_people
from presales.knowledge import access
from presales.knowledge.models import ContentKind, Document, DocumentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    ctx = DemoContext.create()
    ctx.clock.start()
    build_people(ctx)
    build_catalog(ctx)
    build_library(ctx)
    ctx.clock.stop()
    return ctx


def test_demo_library(ctx):
    documents = Document.objects.select_related("current_version", "folder__library")
    assert 20 <= documents.count() <= 30
    assert set(documents.values_list("status", flat=True)) == set(DocumentStatus.values)
    assert {d.folder.library.code for d in documents} >= {"technical", "resources", "tender", "competitors"}
    assert set(documents.values_list("current_version__content_kind", flat=True)) >= {
        ContentKind.WORD, ContentKind.SPREADSHEET, ContentKind.PDF, ContentKind.PRESENTATION, ContentKind.IMAGE,
        ContentKind.TEXT,
    }  # fmt: skip
    spec = documents.get(title="ZHDCS220 直流屏技术规格书")
    assert "纹波系数" in spec.current_version.extracted_text and spec.products.count() == 3
    assert "Ripple" in documents.get(title="ZHDCS220 直流屏 型式试验报告").current_version.extracted_text
    assert len({d.owner_id for d in documents}) >= 5
    soon = ctx.today + timedelta(days=14)
    assert documents.filter(status=DocumentStatus.PUBLISHED, next_review_on__lte=soon).count() >= 2
    assert documents.filter(status=DocumentStatus.EXPIRED, next_review_on__lt=ctx.today).count() == 2
    assert documents.filter(download_count__gt=0).count() >= 15


def test_demo_competitors_folder_is_restricted(ctx):
    competitors = Document.objects.filter(folder__library__code="competitors")
    assert competitors.exists()
    sales_rep, sales_head, engineer = ctx.users[GRID_SALES], ctx.users[SALES_HEAD], ctx.users[POWER_SENIOR_ENGINEER]
    assert not access.documents_visible_to(sales_rep).filter(pk__in=competitors).exists()
    assert access.documents_visible_to(engineer).filter(pk__in=competitors).count() == competitors.count()
    assert all(access.can_edit_document(sales_head, d) for d in competitors)
    # the rep reads the open libraries
    assert access.documents_visible_to(sales_rep).filter(folder__library__code="technical").exists()
