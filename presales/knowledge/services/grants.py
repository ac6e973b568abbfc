"""The rules of a folder or a document as given to a service: a list of grants, replaced
whole (a form shows them all and sends them all back)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from presales.accounts.models import Department, User
from presales.accounts.roles import Role
from presales.knowledge.models import GrantTarget, Right
from presales.lib.services import ServiceError

MAX_GRANTS = 200  # per folder or document: more would be a list nobody can read


@dataclass(frozen=True)
class GrantSpec:
    right: str
    target: str
    department: Department | None = None
    role: str = ""
    person: User | None = None

    def key(self) -> tuple:
        return (
            self.right,
            self.target,
            self.department.pk if self.department else None,
            self.role,
            self.person.pk if self.person else None,
        )


def check_grants(grants: Iterable[GrantSpec]) -> list[GrantSpec]:
    """The grants without duplicates, or ServiceError for one that names the wrong thing."""
    unique: dict[tuple, GrantSpec] = {}
    for grant in grants:
        if grant.right not in Right.values or grant.target not in GrantTarget.values:
            raise ServiceError(_("This page is out of date: reload it and try again."))
        names_one: dict[str, bool] = {
            GrantTarget.EVERYONE.value: not (grant.department or grant.role or grant.person),
            GrantTarget.DEPARTMENT.value: grant.department is not None and not (grant.role or grant.person),
            GrantTarget.ROLE.value: grant.role in Role.values and not (grant.department or grant.person),
            GrantTarget.PERSON.value: grant.person is not None and not (grant.department or grant.role),
        }
        if not names_one[grant.target]:
            raise ServiceError(_("Each rule names exactly one department, role or person."))
        unique.setdefault(grant.key(), grant)
    if len(unique) > MAX_GRANTS:
        raise ServiceError(_("At most %(max)d rules are kept per folder or document.") % {"max": MAX_GRANTS})
    return list(unique.values())


def replace_grants(relation, grants: list[GrantSpec]) -> bool:
    """Set the grants of a folder or document (`relation`: its `grants` manager); True when
    they changed."""
    before = {(g.right, g.target, g.department_id, g.role, g.person_id) for g in relation.all()}
    after = {g.key() for g in grants}
    if before == after:
        return False
    relation.all().delete()
    model = relation.model
    model.objects.bulk_create(
        [
            model(
                **{relation.field.name: relation.instance},
                right=g.right,
                target=g.target,
                department=g.department,
                role=g.role,
                person=g.person,
            )
            for g in grants
        ]
    )
    return True
