"""Import and export in the admin, and the record of imports.

`RegistryImportExportMixin` goes on the catalogue's existing admin classes: it plugs in our
resources (bulk import with a full preview), our CSV format (UTF-8 checks, semicolons,
formula neutralisation) and the rule that contact points are imported only by the secretariat.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin

from accounts.roles import is_secretariat
from networks.models import ContactPoint

from .formats import FileError, RegistryCSV
from .models import ImportRecord
from .resources import RESOURCE_BY_MODEL


class RegistryImportExportMixin(ImportExportMixin):
    import_formats = [RegistryCSV]
    export_formats = [RegistryCSV]
    import_template_name = "admin/exchange/import.html"
    skip_admin_log = True  # ImportRecord and the history tables record imports, without one log row per row

    def get_resource_classes(self, request):
        return [RESOURCE_BY_MODEL[self.model]]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def has_import_permission(self, request):
        # An import may touch any network's rows, so it is the secretariat's alone, whatever
        # permissions a network editor was given; a contact point import also shows and
        # overwrites rows whatever their visibility.
        if not is_secretariat(request.user):
            return False
        if self.model is ContactPoint and not request.user.has_perm("networks.view_restricted_contacts"):
            return False
        return super().has_import_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        report = result.report
        if report.has_errors:
            # The file changed between preview and confirmation; nothing was written.
            for problem in report.problems[:20]:
                messages.error(request, str(problem))
            app_label, model_name = self.get_model_info()
            url = reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name)
            return HttpResponseRedirect(url)
        counts = report.counts
        messages.success(
            request,
            f"Imported {report.file_name}: {counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged {self.model._meta.verbose_name_plural}.",
        )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        """Replaced by the message in `process_result`."""


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["created", "user", "via", "content_type", "file_name", "rows_new", "rows_updated", "rows_unchanged"]
    list_filter = ["via", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["file_name", "user__username"]
    date_hierarchy = "created"
    fields = ["created", "user", "via", "content_type", "file_name", "rows_new", "rows_updated", "rows_unchanged"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
