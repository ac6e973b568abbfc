"""Every change of a service request: who may, in which status, with an event row each time.

Role refusals raise PermissionDenied (with the reason); refusals because of the request's
state raise ServiceError with the exact reason shown to the user.

One module per sub-domain: filing (file, edit, add files), dispatch (the manager), engineer
(accept, decline, start, deliver), requester (close, cancel) and records (site survey,
requirements form); the helpers they share are in _common. Import from here.
"""

from presales.service_requests.services.dispatch import (
    request_assign,
    request_reject,
    request_set_survey_needed,
    requests_bulk_assign,
)
from presales.service_requests.services.engineer import request_accept, request_decline, request_deliver, request_start
from presales.service_requests.services.filing import attachment_add, request_create, request_update
from presales.service_requests.services.records import requirements_save, survey_save
from presales.service_requests.services.requester import request_cancel, request_close

__all__ = [
    "attachment_add",
    "request_accept",
    "request_assign",
    "request_cancel",
    "request_close",
    "request_create",
    "request_decline",
    "request_deliver",
    "request_reject",
    "request_set_survey_needed",
    "request_start",
    "request_update",
    "requests_bulk_assign",
    "requirements_save",
    "survey_save",
]
