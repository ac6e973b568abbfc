"""Signals that core apps send for the apps built on them, which neither imports the other
for (see presales/lib/tests/test_import_graph.py): the sender and the receivers only share
this module."""

from django.dispatch import Signal

# Sent by presales.opportunities.services.closing.opportunity_close inside its transaction,
# after the opportunity was saved as won, lost or abandoned. Keywords: `opportunity`, `user`.
# The approvals engine withdraws the rounds still pending about it (ApprovalsConfig.ready).
opportunity_closed = Signal()
