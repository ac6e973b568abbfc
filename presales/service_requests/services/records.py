"""The two records filled while a request is open: the engineer's site survey and, when no
survey is needed, the sales side's requirements form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, apply_changes, check_version, require
from presales.lib.services import save_with_history as _save
from presales.lib.uploads import IMAGE_EXTENSIONS
from presales.service_requests import access, events
from presales.service_requests.models import (
    REQUIREMENTS_FIELDS,
    SURVEY_FIELDS,
    RequirementsForm,
    ServiceRequest,
    SiteSurvey,
    SurveyAttachment,
)
from presales.service_requests.services._common import _lock, _refuse_final

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile


def _save_form_record(
    record: SiteSurvey | RequirementsForm,
    user: User,
    data: dict,
    fields: list[str],
    extra: dict | None,
    seen_version: int | None,
    changed_files: bool = False,
) -> None:
    """Save the survey or requirements form of a request (its row is locked by the caller).
    An existing record is checked against the version the user opened."""
    if record.pk:
        check_version(record, seen_version)
    changed = apply_changes(record, data, fields)
    merged = {**(record.extra or {}), **(extra or {})}
    if merged != record.extra:
        record.extra = merged
        changed.append("extra")
    if record.pk and (changed or changed_files):
        record.version += 1
    record.filled_by = user
    _save(record, user)


@transaction.atomic
def survey_save(
    *,
    request: ServiceRequest,
    user: User,
    data: dict,
    extra: dict | None = None,
    files: Iterable[UploadedFile] = (),
    seen_version: int | None = None,
) -> SiteSurvey:
    """The assigned engineer records the site survey (only when the manager asked for one).
    A correction based on an old copy of the record (`seen_version`) is refused."""
    require(access.is_assignee(user, request), _("Only the assigned engineer fills the site survey."))
    sr = _lock(request)
    _refuse_final(sr)
    if sr.survey_needed is not True:
        raise ServiceError(
            _("No site survey was asked for on this request: the sales rep fills the requirements form instead.")
            if sr.survey_needed is False
            else _("The presales manager has not yet decided whether a site survey is needed.")
        )
    if sr.status not in access.SURVEY_STATUSES:
        raise ServiceError(_("Accept the request before recording the site survey."))
    survey = SiteSurvey.objects.filter(request=sr).first() or SiteSurvey(request=sr, filled_by=user)
    _save_form_record(survey, user, data, SURVEY_FIELDS, extra, seen_version, changed_files=bool(files))
    for upload in files or ():
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        SurveyAttachment.objects.create(
            survey=survey, file=upload, is_photo=extension in IMAGE_EXTENSIONS, uploaded_by=user
        )
    events.survey_saved(sr, user)
    return survey


@transaction.atomic
def requirements_save(
    *, request: ServiceRequest, user: User, data: dict, extra: dict | None = None, seen_version: int | None = None
) -> RequirementsForm:
    """The sales side fills the requirements form (only when no site survey is needed).
    A correction based on an old copy of the form (`seen_version`) is refused."""
    require(access.is_requester_side(user, request), _("Only the requester or a manager fills the requirements form."))
    sr = _lock(request)
    _refuse_final(sr)
    if sr.survey_needed is not False:
        raise ServiceError(
            _("A site survey is needed for this request: the engineer records it instead of the requirements form.")
            if sr.survey_needed
            else _("The presales manager has not yet decided whether a site survey is needed.")
        )
    if sr.status not in access.FORM_STATUSES:
        raise ServiceError(
            _("A request that is %(status)s: the requirements form can no longer change.")
            % {"status": sr.get_status_display()}
        )
    form = RequirementsForm.objects.filter(request=sr).first() or RequirementsForm(request=sr, filled_by=user)
    _save_form_record(form, user, data, REQUIREMENTS_FIELDS, extra, seen_version)
    events.requirements_saved(sr, user)
    return form
