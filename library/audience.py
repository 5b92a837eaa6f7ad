"""Who may see a meeting or a document: the public, or practitioners only.

One rule for both tables, read as the contact points' rule reads it: a signed-in, active user with
the practitioners' permission (practitioners, network editors, the secretariat) sees practitioners-only
material; everyone else sees public material only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PRACTITIONER_PERMISSION = "networks.view_practitioner_contacts"


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRACTITIONERS = "practitioners", _("Practitioners only")


def sees_practitioner_material(user):
    """Whether `user` may see practitioners-only meetings and documents (a query the first time per request)."""
    return user is not None and user.is_authenticated and user.is_active and user.has_perm(PRACTITIONER_PERMISSION)


class AudienceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which meetings or documents `user` may see."""
        if sees_practitioner_material(user):
            return self.all()
        return self.filter(audience=Audience.PUBLIC)
