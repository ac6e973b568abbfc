"""Builders for the tests of cases, competitors, links and publishing: library documents
through the library's services, an approved deliverable and a signed-off solution version
through their apps' services and the approvals engine."""

from __future__ import annotations

from presales.knowledge.models import Document, Folder, FolderAccess
from presales.testing import decide_pending, upload


def folder(library_code: str = "technical", name: str = "产品技术资料") -> Folder:
    return Folder.objects.get(library__code=library_code, name=name, parent=None)


def library_doc(user, title: str, *, where: Folder | None = None, publish: bool = True, text: str = "") -> Document:
    """A document added (and published) by `user`, a curator of the folder."""
    from presales.knowledge import services

    document = services.document_create(
        user=user,
        folder=where or folder(),
        data={"title": title, "description": "", "review_interval_months": 12, "access": "inherit"},
        file=upload(f"{title}.docx", text or title),
    )
    if publish:
        document = services.document_publish(document=document, user=user)
    return document


def restricted_folder() -> Folder:
    """A folder of the technical library nobody but the managers reads (no grants)."""
    parent = folder()
    return Folder.objects.create(
        library=parent.library, parent=parent, name="内部机密", inherit=False, access=FolderAccess.RESTRICTED
    )


def approved_deliverable(opportunity, worker, approver, *, name: str = "拜访记录.docx", text: str = "初步需求"):
    from presales.opportunities import services
    from presales.opportunities.models import DeliverableType

    kind = DeliverableType.objects.filter(stage=opportunity.current_stage).order_by("order").first()
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=worker, deliverable_type=kind, title="客户拜访记录", file=upload(name, text)
    )
    decide_pending(deliverable, approver)
    deliverable.refresh_from_db()
    return deliverable


def sign_off(version, engineer, signers):
    """Review a draft solution version and have `signers` sign it off (the approvals engine)."""
    from presales.solutions import services
    from presales.solutions.tests.conftest import pass_review

    pass_review(version, signers[0])
    version = services.signoff_submit(version=version, user=engineer)
    for signer in signers:
        decide_pending(version, signer, approve=True)
    version.refresh_from_db()
    return version
