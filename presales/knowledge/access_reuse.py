"""Who may see and do what with success cases, competitor profiles, document links and
publishing to the library (docs/permissions.md, "Library: cases, competitors, links").

- Success cases are the department's references: every member of staff (anyone holding a
  role) reads them, amount included — a reference's contract amount is quoted in bids and is
  no secret inside the company. Presales engineers and managers write them (they build the
  业绩 list). A case's documents are shown only to those who may read each document, its
  opportunity only to those who see the opportunity.
- Competitor profiles are sales intelligence: sales reps and heads, presales engineers and
  managers, commercial (bid prices), the general manager and admins read them; finance and
  service management do not (nothing in their work needs them). Presales engineers and
  managers edit them; managers create the missing ones from the opportunities' names in one
  go. "Where we met them" lists only the opportunities the reader sees, and counts only them.
- A document is linked to (or unlinked from) an opportunity, a solution or a quote by whoever
  may change that object (opportunity: contribute; solution: change; quote: edit), and only
  when he may read the document and it is published (a draft would be hidden from the rest
  of the team). A link is shown only to those who may read its document: the others do not
  see it, nor a count of it.
- Publishing an approved deliverable or solution version creates a published document: who
  may add documents to the chosen folder (its editors and the library's managers, the
  curators who publish) and sees the source.
"""

from __future__ import annotations

from django.db.models import QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, is_manager, user_roles
from presales.knowledge.models import Document
from presales.knowledge.models_reuse import Competitor, SuccessCase

COMPETITOR_READERS = (
    Role.SALES_REP,
    Role.SALES_HEAD,
    Role.PRESALES_ENGINEER,
    Role.PRESALES_MANAGER,
    Role.COMMERCIAL,
    Role.GENERAL_MANAGER,
    Role.ADMIN,
)


# Success cases ------------------------------------------------------------------------------


def can_read_cases(user: User) -> bool:
    return bool(user_roles(user))


def can_write_cases(user: User) -> bool:
    return has_role(user, Role.PRESALES_ENGINEER) or is_manager(user)


def cases_visible_to(user: User) -> QuerySet[SuccessCase]:
    return SuccessCase.objects.all() if can_read_cases(user) else SuccessCase.objects.none()


# Competitors --------------------------------------------------------------------------------


def can_read_competitors(user: User) -> bool:
    return has_role(user, *COMPETITOR_READERS)


def can_write_competitors(user: User) -> bool:
    return has_role(user, Role.PRESALES_ENGINEER) or is_manager(user)


def can_sync_competitors(user: User) -> bool:
    return is_manager(user)


def competitors_visible_to(user: User) -> QuerySet[Competitor]:
    return Competitor.objects.all() if can_read_competitors(user) else Competitor.objects.none()


# Links --------------------------------------------------------------------------------------


def can_change_target(user: User, target) -> bool:
    """Whether `user` may change the opportunity, solution or quote a document is linked to."""
    from presales.opportunities.access import can_contribute
    from presales.opportunities.models import Opportunity
    from presales.quotes import access as quotes_access
    from presales.quotes.models import Quote
    from presales.solutions import access as solutions_access
    from presales.solutions.models import Solution

    if isinstance(target, Opportunity):
        return can_contribute(user, target)
    if isinstance(target, Solution):
        return solutions_access.can_change(user, target)
    if isinstance(target, Quote):
        return quotes_access.can_edit(user, target)
    return False


def linkable_documents(user: User) -> QuerySet[Document]:
    """The documents `user` may attach: those he reads, published or review overdue."""
    from presales.knowledge.access import OPEN_STATUSES, documents_visible_to

    return documents_visible_to(user).filter(status__in=OPEN_STATUSES)


def can_link_document(user: User, document: Document) -> bool:
    from presales.knowledge.access import OPEN_STATUSES, can_read_document

    return document.status in OPEN_STATUSES and can_read_document(user, document)
