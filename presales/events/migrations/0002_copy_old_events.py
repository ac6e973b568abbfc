"""Copy the rows of the five old event tables (OpportunityEvent, ServiceRequestEvent,
SolutionEvent, QuoteEvent, ContractEvent) into the one event stream. The apps' next
migrations delete the old tables.

Each old kind becomes the new kind that its app's services now write (presales/<app>/events.py),
with the data the new sentences are rendered from. The old rows kept prose instead of data
(`detail`, written in the language of whoever acted): the parsers below read the forms the
old services wrote, in English and in Chinese; a row they do not recognise becomes
"<app>.legacy" with its old kind and text kept as they were.

The `map_*` functions are plain (no database), so that the tests can read every old form.
"""

import re

from django.db import migrations

# What the old services wrote in `detail` or `reason`, in English and in the Chinese catalogue.
ADDED_MEMBER = [re.compile(r"^Added (?P<name>.+)$"), re.compile(r"^添加了 ?(?P<name>.+)$")]
REMOVED_MEMBER = [re.compile(r"^Removed (?P<name>.+)$"), re.compile(r"^移除了 ?(?P<name>.+)$")]
OPPORTUNITY_STATUSES = {"Won": "won", "赢单": "won", "Lost": "lost", "丢单": "lost", "Abandoned": "abandoned", "放弃": "abandoned"}
SURVEY_NEEDED = {"Site survey needed", "需要现场勘察"}
CONTRACT_FILE_KINDS = {
    "Contract draft": "draft",
    "合同草稿": "draft",
    "Signed contract": "signed",
    "已签订合同": "signed",
    "Other": "other",
    "其他": "other",
}
COST_CATEGORIES = {
    "Equipment purchase": "equipment",
    "设备采购": "equipment",
    "Outsourced parts": "outsourced",
    "外购件": "outsourced",
    "Construction": "construction",
    "施工": "construction",
    "Travel": "travel",
    "差旅": "travel",
    "Other": "other",
    "其他": "other",
}
COSTS_IMPORTED = [
    re.compile(r"^(?P<rows>\d+) rows, (?P<total>\S+) in total$"),
    re.compile(r"^共 ?(?P<rows>\d+) ?行，合计 ?(?P<total>\S+)$"),
]
DELIVERABLE = re.compile(r"^《(?P<title>.*)》 v(?P<version>\d+)$")
VERSION = re.compile(r"^v(?P<version>\d+)$")
VERSION_TEXT = re.compile(r"^v(?P<version>\d+): (?P<text>.*)$", re.DOTALL)
LINE_UPDATED = re.compile(r"^v(?P<version>\d+): (?P<line>.*) \((?P<fields>[^()]*)\)$")
QUOTE_SUBMITTED = re.compile(r"^v(?P<version>\d+) (?P<purpose>\w+) ¥(?P<total>\S+)$")
QUOTE_APPROVED = re.compile(r"^v(?P<version>\d+) (?P<purpose>\w*)$")


def _match(patterns, text):
    for pattern in patterns:
        found = pattern.match(text or "")
        if found:
            return found
    return None


def _fields(text: str) -> list:
    return [name for name in (text or "").split(", ") if name]


def _legacy(app: str, old_kind: str, text: str):
    return f"{app}.legacy", {"old_kind": old_kind, "detail": text or ""}


def _stages(row: dict, stages: dict) -> dict:
    data = {}
    for prefix in ("from", "to"):
        stage_id = row.get(f"{prefix}_stage_id")
        if stage_id is not None:
            data[f"{prefix}_stage_id"] = stage_id
            data[f"{prefix}_stage"] = stages.get(stage_id, "")
    return data


def map_opportunity_event(row: dict, *, code: str, name: str, stages: dict):
    """An OpportunityEvent row (kind, detail, reason, from_stage_id, to_stage_id) as
    (new kind, data); `stages` maps stage ids to names."""
    kind, detail, reason = row["kind"], row.get("detail") or "", row.get("reason") or ""
    data = {"code": code}
    if kind == "created":
        return "opportunities.created", {**data, "name": name, **_stages(row, stages)}
    if kind in ("stage_advanced", "stage_moved_back"):
        return f"opportunities.{kind}", {**data, **_stages(row, stages), "reason": reason}
    if kind == "stage_skipped":  # its reason was always "no tender", now in the sentence
        return "opportunities.stage_skipped", {**data, **_stages(row, stages)}
    if kind in ("deliverable_submitted", "deliverable_approved", "deliverable_returned", "deliverable_withdrawn"):
        found = DELIVERABLE.match(detail)
        if not found:
            return _legacy("opportunities", kind, detail)
        data.update(title=found["title"], version=int(found["version"]))
        if reason:
            data["reason"] = reason
        return f"opportunities.{kind}", data
    if kind in ("task_done", "task_reopened"):
        return f"opportunities.{kind}", {**data, "title": detail}
    if kind == "closed":
        status = OPPORTUNITY_STATUSES.get(detail, detail)  # an unknown label shows as stored
        return "opportunities.closed", {**data, "status": status, **_stages(row, stages), "reason": reason}
    if kind == "reopened":
        return "opportunities.reopened", {**data, "reason": reason}
    if kind == "team_changed":
        if found := _match(ADDED_MEMBER, detail):
            return "opportunities.member_added", {**data, "member": found["name"]}
        if found := _match(REMOVED_MEMBER, detail):
            return "opportunities.member_removed", {**data, "member": found["name"]}
    return _legacy("opportunities", kind, detail or reason)


def map_request_event(row: dict, *, code: str, title: str):
    """A ServiceRequestEvent row (kind, from_status, to_status, reason) as (new kind, data)."""
    kind, reason = row["kind"], row.get("reason") or ""
    moved = {"code": code, "from_status": row.get("from_status") or "", "to_status": row.get("to_status") or ""}
    if kind == "submitted":
        return "service_requests.submitted", {"code": code, "title": title, "to_status": moved["to_status"]}
    if kind == "edited":
        return "service_requests.edited", {"code": code, "fields": _fields(reason)}
    if kind == "assigned":
        previous, arrow, engineer = reason.rpartition(" → ")
        data = {**moved, "engineer": engineer}
        if arrow:
            data["previous"] = previous
        return "service_requests.assigned", data
    if kind in ("accepted", "started"):
        return f"service_requests.{kind}", moved
    if kind in ("declined", "delivered", "closed", "rejected", "cancelled"):
        return f"service_requests.{kind}", {**moved, **({"reason": reason} if reason else {})}
    if kind == "survey_decided":
        return "service_requests.survey_decided", {"code": code, "survey_needed": reason in SURVEY_NEEDED}
    if kind in ("survey_saved", "requirements_saved"):
        return f"service_requests.{kind}", {"code": code}
    if kind == "file_added":
        return "service_requests.file_added", {"code": code, "files": _fields(reason)}
    return _legacy("service_requests", kind, reason)


SOLUTION_VERSION_KINDS = {
    "version_created",
    "review_recorded",
    "signoff_submitted",
    "version_approved",
    "version_withdrawn",
    "qa_recorded",
}
HANDOVER_KINDS = {
    "handover_started",
    "acceptance_saved",
    "acceptance_submitted",
    "acceptance_approved",
    "acceptance_withdrawn",
}


def map_solution_event(row: dict, *, code: str, title: str, opportunity_code: str):
    """A SolutionEvent row (kind, detail) as (new kind, data, about the handover?).
    `code`, `title`: the solution's (empty for the handover's events)."""
    kind, detail = row["kind"], row.get("detail") or ""
    solution = {"code": code, "title": title}
    handover = {"code": opportunity_code}
    if kind == "solution_created":
        return "solutions.solution_created", solution, False
    if kind == "solution_updated":
        return "solutions.solution_updated", {**solution, "fields": _fields(detail)}, False
    if kind in SOLUTION_VERSION_KINDS and (found := VERSION.match(detail)):
        return f"solutions.{kind}", {**solution, "version": int(found["version"])}, False
    if kind == "version_returned" and (found := VERSION_TEXT.match(detail)):
        return "solutions.version_returned", {**solution, "version": int(found["version"]), "reason": found["text"]}, False
    if kind in HANDOVER_KINDS:
        return f"solutions.{kind}", handover, True
    if kind == "handover_updated":
        return "solutions.handover_updated", {**handover, "fields": _fields(detail)}, True
    if kind == "checklist_set":
        item, _sep, state = detail.rpartition(": ")
        if state in ("True", "False"):
            new = "checklist_handed_over" if state == "True" else "checklist_not_handed_over"
            return f"solutions.{new}", {**handover, "item": item}, True
    if kind == "checklist_added":
        return "solutions.checklist_added", {**handover, "item": detail}, True
    if kind == "visit_added":
        return "solutions.visit_added", {**handover, "visited_on": detail}, True
    if kind == "acceptance_returned":
        return "solutions.acceptance_returned", {**handover, "reason": detail}, True
    kind, data = _legacy("solutions", kind, detail)
    return kind, data, False


def map_quote_event(row: dict, *, code: str):
    """A QuoteEvent row (kind, detail) as (new kind, data)."""
    kind, detail = row["kind"], row.get("detail") or ""
    data = {"code": code}
    if kind == "quote_created":
        return "quotes.quote_created", {**data, "title": detail}
    if kind == "version_created" and (found := VERSION_TEXT.match(detail)):
        note = found["text"].strip()
        return "quotes.version_created", {**data, "version": int(found["version"]), **({"reason": note} if note else {})}
    if kind == "line_updated" and (found := LINE_UPDATED.match(detail)):
        return "quotes.line_updated", {
            **data,
            "version": int(found["version"]),
            "line": found["line"],
            "fields": _fields(found["fields"]),
        }
    if kind in ("line_added", "line_deleted") and (found := VERSION_TEXT.match(detail)):
        return f"quotes.{kind}", {**data, "version": int(found["version"]), "line": found["text"]}
    if kind == "configuration_added" and (found := VERSION_TEXT.match(detail)):
        return "quotes.configuration_added", {**data, "version": int(found["version"]), "configuration": found["text"]}
    if kind == "submitted" and (found := QUOTE_SUBMITTED.match(detail)):
        return "quotes.submitted", {
            **data,
            "version": int(found["version"]),
            "purpose": found["purpose"],
            "total": found["total"],
        }
    if kind == "approved" and (found := QUOTE_APPROVED.match(detail)):
        return "quotes.approved", {**data, "version": int(found["version"]), "purpose": found["purpose"]}
    if kind == "returned" and (found := VERSION_TEXT.match(detail)):
        return "quotes.returned", {**data, "version": int(found["version"]), "reason": found["text"]}
    if kind == "withdrawn" and (found := VERSION.match(detail)):
        return "quotes.withdrawn", {**data, "version": int(found["version"])}
    return _legacy("quotes", kind, detail)


def map_contract_event(row: dict, *, number: str, title: str):
    """A ContractEvent row (kind, detail) as (new kind, data)."""
    kind, detail = row["kind"], row.get("detail") or ""
    data = {"number": number}
    if kind == "created":
        return "contracts.created", {**data, "title": title}
    if kind == "updated":
        return "contracts.updated", {**data, "fields": _fields(detail)}
    if kind == "file_added":
        label, sep, name = detail.partition(": ")
        if sep:
            return "contracts.file_added", {**data, "file": name, "file_kind": CONTRACT_FILE_KINDS.get(label, label)}
    if kind in ("submitted", "returned"):
        return f"contracts.{kind}", {**data, **({"reason": detail} if detail else {})}
    if kind in ("approved", "withdrawn"):
        return f"contracts.{kind}", data
    if kind == "signed":
        return "contracts.signed", {**data, "signed_on": detail}
    if kind in ("cost_added", "cost_deleted"):
        # "<category label> <amount>" (+ " <date>" when deleted); a label may hold spaces
        parts = detail.rsplit(" ", 2 if kind == "cost_deleted" else 1)
        if len(parts) == (3 if kind == "cost_deleted" else 2):
            label, amount, *day = parts
            cost = {"category": COST_CATEGORIES.get(label, label), "amount": amount}
            if day:
                cost["incurred_on"] = day[0]
            return f"contracts.{kind}", {**data, **cost}
    if kind == "costs_imported" and (found := _match(COSTS_IMPORTED, detail)):
        return "contracts.costs_imported", {**data, "rows": int(found["rows"]), "total": found["total"]}
    return _legacy("contracts", kind, detail)


# --- the copy ---------------------------------------------------------------------------------


def copy_old_events(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Opportunity = apps.get_model("opportunities", "Opportunity")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0].pk

    opportunities = {o["pk"]: o for o in Opportunity.objects.values("pk", "code", "name", "customer_id")}
    rows = []  # (at, old table, old id, Event)

    def add(table, old, kind, *, opportunity_id, customer_id, subject_type, subject_id, data):
        event = Event(
            kind=kind,
            actor_id=old.actor_id,
            at=old.at,
            opportunity_id=opportunity_id,
            customer_id=customer_id,
            subject_type_id=subject_type,
            subject_id=subject_id,
            data=data,
        )
        rows.append((old.at, table, old.pk, event))

    # Opportunities: about the opportunity (the old rows did not say which deliverable or task).
    OpportunityEvent = apps.get_model("opportunities", "OpportunityEvent")
    if OpportunityEvent.objects.exists():
        stages = dict(apps.get_model("opportunities", "Stage").objects.values_list("pk", "name"))
        opportunity_type = content_type("opportunities", "opportunity")
        for old in OpportunityEvent.objects.order_by("at", "pk").iterator():
            o = opportunities[old.opportunity_id]
            kind, data = map_opportunity_event(
                {
                    "kind": old.kind,
                    "detail": old.detail,
                    "reason": old.reason,
                    "from_stage_id": old.from_stage_id,
                    "to_stage_id": old.to_stage_id,
                },
                code=o["code"],
                name=o["name"],
                stages=stages,
            )
            add(
                0, old, kind,
                opportunity_id=old.opportunity_id, customer_id=o["customer_id"],
                subject_type=opportunity_type, subject_id=old.opportunity_id, data=data,
            )  # fmt: skip

    ServiceRequestEvent = apps.get_model("service_requests", "ServiceRequestEvent")
    if ServiceRequestEvent.objects.exists():
        requests = {
            r["pk"]: r
            for r in apps.get_model("service_requests", "ServiceRequest").objects.values(
                "pk", "code", "title", "opportunity_id", "customer_id"
            )
        }
        request_type = content_type("service_requests", "servicerequest")
        for old in ServiceRequestEvent.objects.order_by("at", "pk").iterator():
            sr = requests[old.request_id]
            kind, data = map_request_event(
                {"kind": old.kind, "from_status": old.from_status, "to_status": old.to_status, "reason": old.reason},
                code=sr["code"],
                title=sr["title"],
            )
            add(
                1, old, kind,
                opportunity_id=sr["opportunity_id"], customer_id=sr["customer_id"],
                subject_type=request_type, subject_id=old.request_id, data=data,
            )  # fmt: skip

    SolutionEvent = apps.get_model("solutions", "SolutionEvent")
    if SolutionEvent.objects.exists():
        solutions = {s["pk"]: s for s in apps.get_model("solutions", "Solution").objects.values("pk", "code", "title")}
        handovers = dict(apps.get_model("solutions", "Handover").objects.values_list("opportunity_id", "pk"))
        solution_type = content_type("solutions", "solution")
        handover_type = content_type("solutions", "handover")
        for old in SolutionEvent.objects.order_by("at", "pk").iterator():
            o = opportunities[old.opportunity_id]
            solution = solutions.get(old.solution_id, {"code": "", "title": ""})
            kind, data, about_handover = map_solution_event(
                {"kind": old.kind, "detail": old.detail},
                code=solution["code"],
                title=solution["title"],
                opportunity_code=o["code"],
            )
            if about_handover:
                subject_id = handovers.get(old.opportunity_id)
                subject_type = handover_type if subject_id else None
            else:
                subject_id = old.solution_id
                subject_type = solution_type if subject_id else None
            add(
                2, old, kind,
                opportunity_id=old.opportunity_id, customer_id=o["customer_id"],
                subject_type=subject_type, subject_id=subject_id, data=data,
            )  # fmt: skip

    QuoteEvent = apps.get_model("quotes", "QuoteEvent")
    if QuoteEvent.objects.exists():
        quotes = {q["pk"]: q for q in apps.get_model("quotes", "Quote").objects.values("pk", "code", "opportunity_id")}
        quote_type = content_type("quotes", "quote")
        for old in QuoteEvent.objects.order_by("at", "pk").iterator():
            quote = quotes[old.quote_id]
            kind, data = map_quote_event({"kind": old.kind, "detail": old.detail}, code=quote["code"])
            add(
                3, old, kind,
                opportunity_id=quote["opportunity_id"],
                customer_id=opportunities[quote["opportunity_id"]]["customer_id"],
                subject_type=quote_type, subject_id=old.quote_id, data=data,
            )  # fmt: skip

    ContractEvent = apps.get_model("contracts", "ContractEvent")
    if ContractEvent.objects.exists():
        contracts = {
            c["pk"]: c
            for c in apps.get_model("contracts", "Contract").objects.values("pk", "number", "title", "opportunity_id")
        }
        contract_type = content_type("contracts", "contract")
        for old in ContractEvent.objects.order_by("at", "pk").iterator():
            contract = contracts[old.contract_id]
            kind, data = map_contract_event(
                {"kind": old.kind, "detail": old.detail}, number=contract["number"], title=contract["title"]
            )
            add(
                4, old, kind,
                opportunity_id=contract["opportunity_id"],
                customer_id=opportunities[contract["opportunity_id"]]["customer_id"],
                subject_type=contract_type, subject_id=old.contract_id, data=data,
            )  # fmt: skip

    # In the order they happened, so that the new ids follow time as the old ones did.
    rows.sort(key=lambda row: row[:3])
    Event.objects.bulk_create([row[3] for row in rows], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opportunities", "0008_stage_role"),
        ("service_requests", "0004_file_names"),
        ("solutions", "0004_file_names"),
        ("quotes", "0005_text_limits"),
        ("contracts", "0003_file_names_and_text_limits"),
    ]

    # Backwards the old tables come back empty and the stream stays as it is.
    operations = [migrations.RunPython(copy_old_events, migrations.RunPython.noop)]
