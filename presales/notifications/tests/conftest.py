"""The notifications tests submit through the approvals test templates."""

from presales.approvals.tests.conftest import build_template, english, visit_type  # noqa: F401 (fixtures)
