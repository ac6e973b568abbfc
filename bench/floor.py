"""The floor: the least a list page can cost. One scoped query for 50 opportunities, the one
the opportunity list runs for the same user (its visibility rule and list data), rendered in a
bare template. Every page of the benchmark is reported as a multiple of this one's time in the
same run. Served by bench/urls.py only, never by the product."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines

from presales.opportunities import access

TEMPLATE = engines["django"].from_string((Path(__file__).resolve().parent / "templates" / "floor.html").read_text())


@login_required
def floor(request):
    rows = list(access.opportunities_visible_to(request.user).with_list_data().order_by("-created_at")[:50])
    return HttpResponse(TEMPLATE.render({"rows": rows}, request))
