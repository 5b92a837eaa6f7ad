"""drf-spectacular post-processing: the answers every operation may give besides its 200."""

ERROR = {
    "type": "object",
    "description": '{"detail": message} or {"<parameter>": [messages]}: the parameter at fault is named.',
    "additionalProperties": True,
}


def common_responses(result, generator, request, public):
    """400 (a parameter refused), 404, 429 (over the anonymous rate; see Retry-After) and 304 on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified since the ETag or date the client sent."})
            responses.setdefault("400", {"description": "A query parameter was refused.", **error})
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
