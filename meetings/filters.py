"""The filters of /meetings/: network, year and search."""

from django.db.models import Q

from library.filtering import MaterialFilter

from .models import Meeting


class MeetingFilter(MaterialFilter):
    search_fields = ("title", "place", "description")

    class Meta:
        model = Meeting
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(Q(start__year=value) | Q(end__year=value))
