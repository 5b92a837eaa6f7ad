"""Every API error is JSON: {"detail": ...} or {"<parameter>": [messages]}; a 304 is an empty body."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class NotModified(APIException):
    """The client's copy is current (If-None-Match / If-Modified-Since): 304 with the validators, no body."""

    status_code = status.HTTP_304_NOT_MODIFIED

    def __init__(self, headers):
        super().__init__()
        self.headers = headers


def parameter_error(name, message):
    """A 400 whose body names the query parameter at fault."""
    return ValidationError({name: [message]})


def exception_handler(exc, context):
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=exc.headers)
    return drf_exception_handler(exc, context)


def address_not_found(request, exception=None):
    """The API's 404, in JSON (the API's clients read JSON)."""
    return JsonResponse({"detail": "No such address in the API; see /api/v1/docs/."}, status=404)


def page_not_found(request, exception):
    """The site's 404 page, or for an API address the API's JSON 404."""
    if request.path.startswith("/api/"):
        return address_not_found(request, exception)
    return defaults.page_not_found(request, exception)
