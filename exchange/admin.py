"""Import and export in the admin, and the record of imports.

`RegistryImportExportMixin` goes on the catalogue's existing admin classes: it plugs in our
resources, our CSV format (the registry's one reader and writer) and the rule that contact points
are imported only by the secretariat. Its import views are the registry's own (see `uploads` for
why): the upload is capped, previewed in one dry run, kept only while it waits for confirmation,
and the preview asks, row by row, before applying rows whose entry changed since the export.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from accounts.roles import is_secretariat

from .formats import FileError, RegistryCSV, read_table
from .models import ImportRecord
from .reports import ERROR, NEW, UPDATED, AdminResult
from .resources import RESOURCE_BY_MODEL
from .services import catalogue_import, previewed_revisions
from .uploads import ConfirmForm, UploadForm, pending_import_save, pending_import_take, upload_name


class RegistryImportExportMixin(ImportExportMixin):
    import_formats = [RegistryCSV]
    export_formats = [RegistryCSV]
    import_form_class = UploadForm
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
        personal = RESOURCE_BY_MODEL[self.model].personal_data
        if personal and not request.user.has_perm("networks.view_restricted_contacts"):
            return False
        return super().has_import_permission(request)

    def _import_page(self, request, form, status=200, **context):
        resource = RESOURCE_BY_MODEL[self.model](user=request.user)
        context.update(
            self.admin_site.each_context(request),
            title=_("Import"),
            form=form,
            opts=self.model._meta,
            media=self.media + form.media,
            fields_list=[(resource.get_display_name(), resource.columns())],
            import_error_display=self.import_error_display,
        )
        return TemplateResponse(request, [self.import_template_name], context, status=status)

    def import_action(self, request, **kwargs):
        """Upload and preview: a dry run of the whole file; kept for confirmation only if it can be applied."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method != "POST" or not form.is_valid():
            return self._import_page(request, form)
        upload = form.cleaned_data["import_file"]
        file_name = upload_name(upload.name)
        data = upload.read()
        try:
            headers, rows = read_table(data, file_name, max_rows=settings.IMPORT_MAX_ROWS)
        except FileError as error:
            form.add_error("import_file", str(error))
            return self._import_page(request, form)
        (report,) = catalogue_import(
            tables=[(RESOURCE_BY_MODEL[self.model], file_name, headers, rows)], user=request.user, dry_run=True
        )
        context = {"result": AdminResult(report), "preview": Preview(report)}
        if not report.has_errors:
            token = pending_import_save(
                user=request.user,
                model=self.model,
                file_name=file_name,
                data=data,
                revisions=previewed_revisions([report]),
            )
            context["confirm_form"] = ConfirmForm(initial={"import_file_name": token})
        return self._import_page(request, form, **context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm: import the previewed upload (deleted first, whatever happens next) with the rows accepted."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ConfirmForm(request.POST)
        pending = form.is_valid() and pending_import_take(
            user=request.user, model=self.model, token=form.cleaned_data["import_file_name"]
        )
        if not pending:
            message = _(
                "This import cannot be confirmed: it is not one of your uploads, or it was confirmed already, "
                "replaced by a newer upload or kept too long. Upload the file again."
            )
            form = self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            )
            return self._import_page(request, form, status=400, confirm_error=message)
        headers, rows = read_table(bytes(pending.data), pending.file_name)  # it was read at its preview
        accepted = set(range(2, len(rows) + 2)) if form.cleaned_data["accept_all"] else form.cleaned_data["accept"]
        (report,) = catalogue_import(
            tables=[(RESOURCE_BY_MODEL[self.model], pending.file_name, headers, rows)],
            user=request.user,
            via=ImportRecord.Via.ADMIN,
            accepted={pending.file_name: accepted},
            previewed=pending.revisions,
            skip_conflicts=True,
        )
        return self.process_result(AdminResult(report), request)

    def process_result(self, result, request):
        report = result.report
        if report.has_errors:
            # The catalogue changed between preview and confirmation; nothing was written.
            for problem in report.problems[: settings.IMPORT_PREVIEW_ROWS]:
                messages.error(request, str(problem))
            app_label, model_name = self.get_model_info()
            url = reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name)
            return HttpResponseRedirect(url)
        counts = report.counts
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged %(things)s.")
            % {
                "file": report.file_name,
                "new": counts["new"],
                "updated": counts["updated"],
                "unchanged": counts["unchanged"],
                "things": self.model._meta.verbose_name_plural,
            },
        )
        if report.conflicts:
            messages.warning(
                request,
                _(
                    "Left as they are, because their entries changed since the file was exported or previewed: "
                    "rows %(rows)s. Export again to see the changes, or upload the file again."
                )
                % {"rows": ", ".join(str(row.number) for row in report.conflicts)},
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        """Replaced by the messages in `process_result`."""


class Preview:
    """What the preview page lists of a report: the first problems and changes, the conflicts, and totals."""

    def __init__(self, report):
        limit = settings.IMPORT_PREVIEW_ROWS
        self.problems = report.problems[:limit]
        self.problem_count = len(report.problems)
        changing = [row for row in report.rows if row.status in (NEW, UPDATED, ERROR)]
        self.rows, self.row_count = changing[:limit], len(changing)
        conflicts = report.conflicts
        self.conflicts, self.conflict_count = conflicts[:limit], len(conflicts)


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
