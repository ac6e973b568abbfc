"""Every change to the library: one function each, in a transaction, permission checked
first (presales.knowledge.access), with an event (presales.knowledge.events)."""

from presales.knowledge.services.documents import (
    document_add_version,
    document_create,
    document_record_download,
    document_set_grants,
    document_update,
)
from presales.knowledge.services.folders import folder_create, folder_set_grants, folder_update
from presales.knowledge.services.grants import GrantSpec
from presales.knowledge.services.lifecycle import (
    TRANSITIONS,
    allowed_actions,
    document_archive,
    document_expire,
    document_publish,
    document_restore,
    document_review_done,
    document_submit_review,
    refusal,
    send_review_digest,
)

__all__ = [
    "TRANSITIONS",
    "GrantSpec",
    "allowed_actions",
    "document_add_version",
    "document_archive",
    "document_create",
    "document_expire",
    "document_publish",
    "document_record_download",
    "document_restore",
    "document_review_done",
    "document_set_grants",
    "document_submit_review",
    "document_update",
    "folder_create",
    "folder_set_grants",
    "folder_update",
    "refusal",
    "send_review_digest",
]
