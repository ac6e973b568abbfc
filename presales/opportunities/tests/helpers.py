"""Small helpers the opportunity tests share (fixtures live in conftest.py)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from presales.opportunities.forms import OpportunityForm
from presales.opportunities.models import Opportunity


def form_payload(opportunity: Opportunity, **changes) -> dict[str, str]:
    """The edit form's POST data as the browser would send it unchanged, plus `changes`
    (the hidden `version` is the one the form was opened with)."""
    form = OpportunityForm(instance=opportunity, user=opportunity.sales_owner)
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, date):
            value = value.isoformat()
        data[name] = str(getattr(value, "pk", value))
    # The rep's form has no owner field (only managers choose one); a manager's browser sends it.
    data.setdefault("sales_owner", str(opportunity.sales_owner_id))
    for name, value in changes.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def xlsx_column(response, column: int = 0) -> list:
    """The values of one column of a downloaded workbook, without the header row."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(body), read_only=True).active
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
