"""The document library in the admin: history, import/export, editors confined to their networks' documents."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from accounts.admin_scope import NetworkListScopedAdminMixin
from exchange.admin import RegistryImportExportMixin
from networks.admin import HTTPS_URLS
from networks.admin_history import RegistryHistoryAdmin

from .files import upload_check
from .models import Document


class DocumentForm(forms.ModelForm):
    """An upload is checked (name, size, content) before anything is stored; its type and size are recorded."""

    class Meta:
        model = Document
        fields = [
            "title", "slug", "kind", "languages", "date", "networks", "audience", "file", "url", "description",
            "source",
        ]  # fmt: skip

    def clean_file(self):
        value = self.cleaned_data.get("file")
        if isinstance(value, UploadedFile):
            kind = upload_check(value)
            self.instance.file_type, self.instance.file_size = kind.extension, value.size
        elif not value:  # none given, or the stored one cleared
            self.instance.file_type, self.instance.file_size = "", None
        return value


@admin.register(Document)
class DocumentAdmin(NetworkListScopedAdminMixin, RegistryImportExportMixin, RegistryHistoryAdmin):
    form = DocumentForm
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "kind", "languages", "date", "audience", "file_type"]
    list_filter = ["kind", "audience"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["networks", "source"]
    fields = DocumentForm.Meta.fields
