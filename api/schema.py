"""drf-spectacular post-processing: the answers every operation may give besides its 200."""

ERROR = {
    "type": "object",
    "description": '{"detail": message} or {"<parameter>": [messages]}: the parameter at fault is named.',
    "additionalProperties": True,
}

AS_OF = {
    "name": "as_of",
    "in": "query",
    "required": False,
    "description": "Read the catalogue as it stood on this day (YYYY-MM-DD, 1850-01-01 to 2100-12-31): "
    "“current” members and relations are those in force then.",
    "schema": {"type": "string", "format": "date"},
}


def common_responses(result, generator, request, public):
    """`as_of` on every operation; 304, 400 (a parameter refused), 401 (a token not valid), 404 and 429 (see
    Retry-After) on every one."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            operation.setdefault("parameters", []).append(AS_OF)
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified since the ETag or date the client sent."})
            responses.setdefault("400", {"description": "A query parameter was refused.", **error})
            responses.setdefault(
                "401",
                {"description": "The Authorization header's token is not valid (none: read as the public).", **error},
            )
            responses.setdefault("404", {"description": "No such record or page.", **error})
            responses.setdefault(
                "429",
                {
                    "description": "Too many requests from this address; retry after Retry-After seconds.",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    **error,
                },
            )
    return result
