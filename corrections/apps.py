from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "corrections"
    verbose_name = _("Corrections and change requests")

    def ready(self):
        from accounts.erasure import personal_data_erased

        from .models import change_requests_forget_contact

        # An erased contact leaves no copy in the review queue.
        personal_data_erased.connect(change_requests_forget_contact, dispatch_uid="corrections_erasure")
