"""Numbered pages over a stable order (every list ends its ordering with a unique key).

`page` and `page_size` are whole numbers read as the public pages read them (public.params);
anything else, or a page past the last, is a JSON error naming the parameter.
"""

import math

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from public.params import MAX_PAGE, whole_number

from .errors import parameter_error

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _number(request, name, default, maximum):
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        return whole_number(text, minimum=1, maximum=maximum)
    except ValueError as error:
        raise parameter_error(name, str(error)) from None


class PageNumbers(BasePagination):
    """`?page=` and `?page_size=` (at most 200); the count comes from the view when it knows it cheaply."""

    def page_bounds(self, request, count):
        """(offset, limit) of the requested page of `count` items; remembers what the response needs."""
        self.request = request
        self.page_size = _number(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        self.page = _number(request, "page", 1, MAX_PAGE)
        self.count = count
        self.pages = max(1, math.ceil(count / self.page_size))
        if self.page > self.pages:
            message = _("page: there is no page %(page)s; the last is %(pages)s.")
            raise NotFound(message % {"page": self.page, "pages": self.pages})
        return (self.page - 1) * self.page_size, self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        offset, limit = self.page_bounds(request, queryset.count())
        return list(queryset[offset : offset + limit])

    def _link(self, page):
        if page < 1 or page > self.pages:
            return None
        url = self.request.build_absolute_uri()
        return remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)

    def get_paginated_response(self, data, **extra):
        return Response(
            {
                "count": self.count,
                "page": self.page,
                "pages": self.pages,
                "next": self._link(self.page + 1),
                "previous": self._link(self.page - 1),
                "results": data,
                **extra,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
                "deleted": {
                    "type": "array",
                    "description": "With ?modified_since=: records deleted (or no longer visible to you) since then.",
                    "items": {"$ref": "#/components/schemas/Tombstone"},
                },
            },
        }

    def get_schema_operation_parameters(self, view):
        number = {"type": "integer", "minimum": 1}
        return [
            {"name": "page", "in": "query", "required": False, "schema": {**number, "maximum": MAX_PAGE}},
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Items per page, at most {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
                "schema": {**number, "maximum": MAX_PAGE_SIZE},
            },
        ]
