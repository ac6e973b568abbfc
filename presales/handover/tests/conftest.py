"""The handover tests read messages and pages in English, as the solutions tests do."""

from presales.solutions.tests.conftest import client, english  # noqa: F401 (fixtures)
