"""Stages by what they are for (StageRole), never by their code or name, which an admin edits.

Apps that act in one stage (contracts and the handover in the implementation stage) check it
here, so that renaming a stage in the admin changes nothing, and a template that lacks the
stage says so instead of failing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from presales.lib.services import ServiceError
from presales.opportunities.models import Opportunity, Stage, StageRole


def check_in_stage_role(opportunity: Opportunity, role: StageRole, *, refusal: str) -> None:
    """Refuse unless the opportunity is in its template's stage with `role`.

    `refusal` is the message for an opportunity in another stage; it may name that stage as
    %(stage)s. A template with no stage of that role gets its own message: an admin must mark one.
    """
    if opportunity.in_stage_role(role):
        return
    if not Stage.objects.filter(template_id=opportunity.template_id).for_role(role).exists():
        raise ServiceError(
            _(
                "The stage template “%(template)s” has no stage with the role “%(role)s”: "
                "an administrator marks one in the stage template's settings."
            )
            % {"template": opportunity.template.name, "role": role.label}
        )
    raise ServiceError(refusal % {"stage": opportunity.current_stage.name})
