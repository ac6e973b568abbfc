"""A quote version of a real department's size (issue 11): the version page carries no form
per line, a version above selectors.COLLAPSE_ABOVE lines shows its sections collapsed (name,
line count, subtotal) and reads one section's lines when it is opened — through htmx
(quotes:version_section_lines) or, without script, `?section=<key>` — and the query count
does not follow the line count. Deleting a line without script asks on a page of its own."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from presales.lib.money import yuan
from presales.quotes import selectors, services
from presales.quotes.models import QuoteLine, QuoteSection
from presales.quotes.tests.conftest import add_line

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# A unit cost found nowhere else on the pages (every line of the bulk versions has it).
BULK_COST = Decimal("613.29")


def bulk_lines(version, count: int, *, sections: int = 5) -> None:
    """`count` more lines in `sections` sections (every 50th without a section), straight into
    the table as a big import would leave them, then the version's cached totals refreshed."""
    named = [
        QuoteSection.objects.get_or_create(version=version, name=f"分项{i}", defaults={"order": 10 + i})[0]
        for i in range(sections)
    ]
    start = version.lines.count()
    QuoteLine.objects.bulk_create(
        QuoteLine(
            version=version,
            section=None if i % 50 == 49 else named[i % sections],
            order=1000 + i,
            model_code=f"BK-{i:04d}",
            name=f"批量设备{i}",
            unit="台",
            quantity=Decimal(1 + i % 7),
            unit_price=Decimal("1234.56") + i,
            unit_cost=BULK_COST,
            channel_price=BULK_COST,
            discount_percent=Decimal(i % 3),
            tax_rate=Decimal("13"),
        )
        for i in range(start, start + count)
    )
    services.refresh_totals(version)
    version.save()


def _queries(client, url, **extra):
    client.get(url, **extra)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture
def large(priced):
    bulk_lines(priced, 2000)
    priced.refresh_from_db()
    assert selectors.is_large(priced)
    return priced


def test_a_small_version_shows_every_line_with_no_form_per_line(client, commercial, priced):
    client.force_login(commercial)
    html = client.get(reverse("quotes:version", args=[priced.pk])).text
    assert html.count('data-testid="line-row"') == 2
    assert 'data-testid="section-open"' not in html
    line = priced.lines.first()
    delete = reverse("quotes:line_delete", args=[line.pk])
    assert f'href="{delete}" hx-post="{delete}" hx-include="#quote-edit-version"' in html
    # The page's own forms (add a line, new version, submit, log-out, language) only.
    assert html.count("csrfmiddlewaretoken") == html.count("<form") - html.count('method="get"') < 8
    assert f'id="quote-edit-version" name="version" value="{priced.version}" data-quote-version' in html


def test_a_large_version_page_is_small_and_shows_its_sections_collapsed(client, commercial, large):
    client.force_login(commercial)
    response = client.get(reverse("quotes:version", args=[large.pk]))
    html = response.text
    assert len(response.content) < 200_000
    assert 'data-testid="line-row"' not in html and html.count("csrfmiddlewaretoken") < 8
    # Every section is there with its line count and subtotal, as the page of all lines had them.
    groups, totals = selectors.grouped(large, selectors.version_lines(large))
    assert html.count('data-testid="section-open"') == len(groups) == 8  # 主设备, 安装调试服务, 5 bulk, none
    for group in groups:
        assert f'id="section-{group["key"]}"' in html
        assert f"?section={group['key']}#section-{group['key']}" in html
        assert f"{group['count']} lines" in html or group["count"] == 1
        assert yuan(group["subtotal"]) in html
    assert yuan(totals.total) in html and totals.total == large.total_amount
    assert yuan(large.total_cost) in html  # commercial sees cost


def test_collapsed_sections_add_up_as_the_full_page(large):
    groups, totals = selectors.collapsed_groups(large)
    full_groups, full_totals = selectors.grouped(large, selectors.version_lines(large))
    assert [(g["key"], g["count"], g["subtotal"], g["cost"]) for g in groups] == [
        (g["key"], len(g["lines"]), g["subtotal"], g["cost"]) for g in full_groups
    ]
    assert (totals.total, totals.net, totals.cost, totals.lines) == (
        full_totals.total,
        full_totals.net,
        full_totals.cost,
        2002,
    )
    assert {"主设备", "安装调试服务", "分项0", None} <= {g["section"].name if g["section"] else None for g in groups}


def test_the_page_and_a_section_run_as_many_queries_at_10_and_at_2000_lines(client, commercial, priced):
    client.force_login(commercial)
    bulk_lines(priced, 8)
    priced.refresh_from_db()
    page = reverse("quotes:version", args=[priced.pk])
    section = QuoteSection.objects.get(version=priced, name="分项1")
    opened = f"{page}?section={section.pk}"
    section_url = reverse("quotes:version_section_lines", args=[priced.pk, section.pk])

    few_page, small = _queries(client, page)
    few_opened, _ = _queries(client, opened)
    few_section, _ = _queries(client, section_url, **HTMX)
    assert small.text.count('data-testid="line-row"') == 10

    bulk_lines(priced, 1990)
    priced.refresh_from_db()
    many_page, large = _queries(client, page)
    many_opened, opened_large = _queries(client, opened)
    many_section, section_large = _queries(client, section_url, **HTMX)

    assert 'data-testid="line-row"' not in large.text
    share = section.lines.count()  # 分项1's share of the 2,000, read alone
    assert share > 300
    assert opened_large.text.count('data-testid="line-row"') == share
    assert section_large.text.count('data-testid="line-row"') == share
    assert many_page == few_page
    assert many_opened <= few_opened + 1  # the opened section's lines: one more read
    assert many_section == few_section


def test_opening_a_section_through_htmx_answers_its_lines_only(client, commercial, large):
    client.force_login(commercial)
    section = QuoteSection.objects.get(version=large, name="分项2")
    response = client.get(reverse("quotes:version_section_lines", args=[large.pk, section.pk]), **HTMX)
    html = response.text
    assert html.lstrip().startswith(f'<tbody id="group-{section.pk}"') and "<html" not in html
    assert html.count('data-testid="line-row"') == section.lines.count() and "csrfmiddlewaretoken" not in html
    assert 'data-testid="section-close"' in html and 'data-testid="section-subtotal"' in html
    assert yuan(BULK_COST) in html  # commercial sees cost

    closed = client.get(
        reverse("quotes:version_section_lines", args=[large.pk, section.pk]) + "?collapsed=1", **HTMX
    ).text
    assert 'data-testid="line-row"' not in closed and 'data-testid="section-open"' in closed


def test_lines_without_a_section_open_as_none(client, commercial, large):
    client.force_login(commercial)
    url = reverse("quotes:version_section_lines", args=[large.pk, "none"])
    html = client.get(url, **HTMX).text
    assert html.count('data-testid="line-row"') == large.lines.filter(section=None).count() == 40
    page = client.get(reverse("quotes:version", args=[large.pk]) + "?section=none").text
    assert page.count('data-testid="line-row"') == 40


def test_without_script_a_section_opens_by_its_address(client, commercial, large):
    client.force_login(commercial)
    section = QuoteSection.objects.get(version=large, name="主设备")
    url = reverse("quotes:version_section_lines", args=[large.pk, section.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('quotes:version', args=[large.pk])}?section={section.pk}#section-{section.pk}"
    html = client.get(response.url).text
    assert html.count('data-testid="line-row"') == 1 and "网络摄像机" in html
    assert html.count('data-testid="section-open"') == 7 and 'data-testid="section-close"' in html


@pytest.mark.parametrize("section", ["abc", "0", "-1", "99999999", "1" * 40, "", "none&x"])
def test_a_nonsense_section_falls_back_to_the_collapsed_page(client, commercial, large, section):
    client.force_login(commercial)
    response = client.get(reverse("quotes:version", args=[large.pk]), {"section": section})
    assert response.status_code == 200 and 'data-testid="line-row"' not in response.text


def test_a_section_of_another_version_or_nonsense_is_404(client, commercial, large, quote):
    client.force_login(commercial)
    other = services.version_create(quote=quote, user=commercial, note="第二轮")
    foreign = QuoteSection.objects.filter(version=other).first()
    assert foreign is not None
    for key in (foreign.pk, "abc", "0", "9" * 30):
        url = reverse("quotes:version_section_lines", args=[large.pk, key])
        assert client.get(url, **HTMX).status_code == 404


def test_a_rep_sees_no_cost_or_margin_in_a_section(client, rep, large):
    client.force_login(rep)
    section = QuoteSection.objects.get(version=large, name="分项3")
    opened = client.get(reverse("quotes:version_section_lines", args=[large.pk, section.pk]), **HTMX).text
    closed = client.get(
        reverse("quotes:version_section_lines", args=[large.pk, section.pk]) + "?collapsed=1", **HTMX
    ).text
    page = client.get(reverse("quotes:version", args=[large.pk])).text
    with_section = client.get(reverse("quotes:version", args=[large.pk]), {"section": section.pk}).text
    assert opened.count('data-testid="line-row"') == section.lines.count()
    for html in (opened, closed, page, with_section):
        assert yuan(BULK_COST) not in html and str(BULK_COST) not in html
        assert "Cost amount" not in html and "Unit cost" not in html and 'data-testid="margin' not in html
        assert yuan(large.total_cost) not in html


def test_who_does_not_see_the_quote_gets_404_for_its_sections(client, other_rep, large):
    client.force_login(other_rep)
    section = QuoteSection.objects.get(version=large, name="分项1")
    url = reverse("quotes:version_section_lines", args=[large.pk, section.pk])
    assert client.get(url, **HTMX).status_code == 404
    assert client.get(url).status_code == 404


def test_who_may_not_edit_sees_no_delete_in_a_section(client, finance, large):
    client.force_login(finance)
    section = QuoteSection.objects.get(version=large, name="分项1")
    html = client.get(reverse("quotes:version_section_lines", args=[large.pk, section.pk]), **HTMX).text
    assert 'data-testid="line-row"' in html and 'data-testid="line-delete"' not in html


def test_deleting_without_script_asks_on_a_page_then_returns_to_the_section(client, commercial, large):
    client.force_login(commercial)
    line = QuoteLine.objects.filter(version=large, section__name="分项1").first()
    url = reverse("quotes:line_delete", args=[line.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert confirm.text.count("csrfmiddlewaretoken") == 3  # its form, the language switch and log-out
    assert 'data-testid="line-delete-confirm"' in confirm.text and line.name in confirm.text
    assert QuoteLine.objects.filter(pk=line.pk).exists()  # asking deletes nothing

    response = client.post(url, {"version": large.version})
    key = line.section_id
    assert response.status_code == 302
    assert response.url == f"{reverse('quotes:version', args=[large.pk])}?section={key}#section-{key}"
    assert not QuoteLine.objects.filter(pk=line.pk).exists()


def test_the_delete_page_is_for_who_may_edit_only(request, client, finance, other_rep, priced):
    line = priced.lines.first()
    url = reverse("quotes:line_delete", args=[line.pk])
    client.force_login(finance)
    assert client.get(url).status_code == 403
    client.force_login(other_rep)
    assert client.get(url).status_code == 404


def test_a_line_deleted_in_place_in_an_opened_section_updates_its_subtotal(client, commercial, large):
    client.force_login(commercial)
    line = QuoteLine.objects.filter(version=large, section__name="分项4").first()
    response = client.post(reverse("quotes:line_delete", args=[line.pk]), {"version": large.version}, **HTMX)
    assert response.status_code == 200 and "Deleted." in response.text
    assert f'id="subtotal-{line.section_id}" hx-swap-oob="true"' in response.text


def test_exports_keep_every_line_of_a_large_version(client, commercial, priced):
    bulk_lines(priced, 250)
    client.force_login(commercial)
    ws = load_workbook(BytesIO(client.get(reverse("quotes:export_xlsx", args=[priced.pk])).content)).active
    names = {row[2].value for row in ws.iter_rows(min_row=1)}
    assert {"网络摄像机", "安装调试", "批量设备2", "批量设备251"} <= names
    docx = client.get(reverse("quotes:export_docx", args=[priced.pk]))
    assert docx.status_code == 200


def test_a_version_just_past_the_threshold_collapses(client, commercial, v1):
    add_line(v1, commercial, name="整机", quantity="1", price="100.00")
    bulk_lines(v1, selectors.COLLAPSE_ABOVE - 1)
    v1.refresh_from_db()
    client.force_login(commercial)
    assert client.get(reverse("quotes:version", args=[v1.pk])).text.count('data-testid="line-row"') == 200
    bulk_lines(v1, 1)
    v1.refresh_from_db()
    assert 'data-testid="line-row"' not in client.get(reverse("quotes:version", args=[v1.pk])).text


def test_an_in_place_save_in_a_large_version_reads_its_section_and_the_figures(client, commercial, priced):
    from presales.quotes.tests.test_lines_in_place import _post

    bulk_lines(priced, 250)
    client.force_login(commercial)
    line = QuoteLine.objects.select_related("section").filter(version=priced, section__name="分项2").first()

    def save(note):
        priced.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("quotes:line_edit", args=[line.pk]),
                _post(line, priced, prefix=f"line{line.pk}-", note=note),
                **HTMX,
            )
        assert response.status_code == 200 and "Saved." in response.text
        return len(queries), response.text

    save("warm")
    few, _ = save("a")
    bulk_lines(priced, 1750)
    many, html = save("b")
    priced.refresh_from_db()
    assert few == many
    assert html.count('data-testid="line-row"') == 1 and yuan(priced.total_amount) in html
    group = selectors.section_group(priced, line.section_id)
    assert f'id="subtotal-{line.section_id}" hx-swap-oob="true"' in html and yuan(group["subtotal"]) in html
