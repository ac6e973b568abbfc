"""The error answers of the API, declared once for every operation (a drf-spectacular
postprocessing hook, SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

Each operation lists what it can answer besides its success: 400 when it takes query
parameters or a body (a `page` that is not one whole number, a missing field), 401 and 403
when it needs a token or session, 404 when it reads one object by id or pages through a list
(a page past the end), and 429 with Retry-After everywhere (the throttles). The fuzz test
(presales/api/tests/test_fuzz.py) fails when an answer is not declared here."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "Why the request was refused, in the caller's language.",
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    },
    "description": "The messages per field or parameter (`non_field_errors` for the request as a whole; "
    "`detail` when the body could not be read).",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "required": True,
        "schema": {"type": "integer"},
    }
}


def _error(description: str, component: str = "Error", headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def _needs_authentication(operation: dict) -> bool:
    return any(requirement for requirement in operation.get("security", [{}]))


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(Error=ERROR, FieldErrors=FIELD_ERRORS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
                responses.setdefault("400", _error("A parameter or field is not valid.", "FieldErrors"))
            if _needs_authentication(operation):
                responses.setdefault("401", _error("No valid token or session: missing, wrong or expired."))
                responses.setdefault("403", _error("The caller may not do this."))
            if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
                responses.setdefault("404", _error("No such object visible to the caller, or no such page."))
            responses.setdefault("429", _error("Too many requests: wait as Retry-After says.", headers=RETRY_AFTER))
    return result
