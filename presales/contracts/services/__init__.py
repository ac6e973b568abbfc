"""Every change to a contract and its actual costs: one function each, in a transaction,
with an event row. Each checks the acting user's right first (presales.contracts.access).

One module per sub-domain: drafting (create, edit, files), review (submit and the approvals
hooks), signing, and costs (actual costs and their import); the helpers they share are in
_common. Import from here.
"""

from presales.contracts.services._common import contract_url
from presales.contracts.services.costs import (
    ImportReport,
    contract_costs_complete,
    contract_costs_reopen,
    cost_add,
    cost_delete,
    costs_import,
)
from presales.contracts.services.drafting import (
    check_stage,
    contract_add_file,
    contract_create,
    contract_update,
    default_kind,
    next_number,
)
from presales.contracts.services.review import (
    contract_submit,
    on_review_approved,
    on_review_rejected,
    on_review_withdrawn,
    submit_problems,
)
from presales.contracts.services.signing import contract_sign

__all__ = [
    "ImportReport",
    "check_stage",
    "contract_add_file",
    "contract_costs_complete",
    "contract_costs_reopen",
    "contract_create",
    "contract_sign",
    "contract_submit",
    "contract_update",
    "contract_url",
    "cost_add",
    "cost_delete",
    "costs_import",
    "default_kind",
    "next_number",
    "on_review_approved",
    "on_review_rejected",
    "on_review_withdrawn",
    "submit_problems",
]
