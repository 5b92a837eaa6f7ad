from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and audit")

    def ready(self):
        from .erasure import pending_imports_discard_on_erasure, personal_data_erased
        from .roles import groups_sync_after_migrate

        # After every migrate, so permissions added later by any app reach the Secretariat.
        post_migrate.connect(groups_sync_after_migrate, dispatch_uid="accounts_groups_sync")
        personal_data_erased.connect(pending_imports_discard_on_erasure, dispatch_uid="accounts_erasure_imports")
