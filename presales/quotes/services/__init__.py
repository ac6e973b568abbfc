"""Every change to quotes: one function each, in a transaction, permission checked first,
the version row locked, an event (presales.quotes.events) and history written. Edits of a draft
carry the `version` the user saw (optimistic lock): a second save based on an old copy is
refused with who changed it (presales.lib.services.StaleEdit).

Bounds: every line added or changed is checked against its model validators
(presales.lib.bounds: quantity, prices, discount, tax rate) — from the form, a product or a
configuration — and again before price review; no change may take a version's total or cost
above TOTAL_MAX, so no sum of accepted lines can outgrow its column.

By sub-domain: `versions` (quotes and their rounds), `lines`, `configuration` (a configured
system as one section), `review` (price review and the approvals hooks registered in
presales.quotes.apps); what they share is in `_common`. Import from this package."""

from __future__ import annotations

from presales.quotes.services._common import LINE_FIELDS, refresh_totals, version_url
from presales.quotes.services.configuration import (
    ADD_AGAIN,
    REPLACE,
    DuplicateConfiguration,
    add_configuration,
    configuration_key,
    configuration_lines,
)
from presales.quotes.services.lines import line_add, line_add_product, line_delete, line_update, product_line_data
from presales.quotes.services.review import (
    on_version_approved,
    on_version_rejected,
    on_version_withdrawn,
    submit_for_review,
    submit_missing,
)
from presales.quotes.services.versions import quote_create, version_create

__all__ = [
    "ADD_AGAIN",
    "LINE_FIELDS",
    "REPLACE",
    "DuplicateConfiguration",
    "add_configuration",
    "configuration_key",
    "configuration_lines",
    "line_add",
    "line_add_product",
    "line_delete",
    "line_update",
    "on_version_approved",
    "on_version_rejected",
    "on_version_withdrawn",
    "product_line_data",
    "quote_create",
    "refresh_totals",
    "submit_for_review",
    "submit_missing",
    "version_create",
    "version_url",
]
