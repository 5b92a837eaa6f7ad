"""Uploads for the admin's import: capped in bytes and rows, kept only between preview and confirmation.

django-import-export 4.4.3 writes every upload to the system's temporary folder (TempFolderStorage)
and deletes it only after a confirmed import: a preview that finds errors, fails to read the file
or is simply not confirmed leaves the file there for ever, full records included. Its confirm form
names the file by a path (only `basename` is applied), so a forged form can name any file in the
temporary folder. The registry's import therefore never uses that storage: an upload is read in
memory (after its size is checked), and kept as a `PendingImport` row only when its preview could
be applied, under a random token bound to the user and the table.
"""

import re
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from registry.characters import CONTROL_CHARACTER, ControlCharacterCheck

from .formats import whole_number
from .models import PendingImport

TOKEN = re.compile(r"[0-9a-f]{32}")


def upload_name(name):
    """The name an upload is reported and recorded under: no folders, no control characters, 255 at most."""
    name = CONTROL_CHARACTER.sub("", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[:255] or "upload.csv"


def _expired_delete():
    cutoff = timezone.now() - timedelta(minutes=settings.IMPORT_PENDING_MINUTES)
    PendingImport.objects.filter(created__lt=cutoff).delete()


def pending_import_save(*, user, model, file_name, data, revisions):
    """Keep `data` for `user`'s confirmation of an import into `model`'s table; return its token.

    `revisions` are the network revisions the preview showed (see `services.previewed_revisions`).

    Replaces the user's previous upload for that table, and deletes expired uploads (two queries).
    """
    _expired_delete()
    content_type = ContentType.objects.get_for_model(model)
    PendingImport.objects.filter(user=user, content_type=content_type).delete()
    token = secrets.token_hex(16)
    PendingImport.objects.create(
        token=token, user=user, content_type=content_type, file_name=file_name, data=data, revisions=revisions
    )
    return token


def pending_import_take(*, user, model, token):
    """The upload `token` names, if it is `user`'s for `model`'s table and still there; it is deleted at once.

    Deleted before the import runs, so that it is gone whatever the outcome and a form posted twice
    imports once. Returns None for anything else (another user's token, a path, an expired upload).
    """
    _expired_delete()
    if not TOKEN.fullmatch(token or ""):
        return None
    content_type = ContentType.objects.get_for_model(model)
    pending = PendingImport.objects.filter(token=token, user=user, content_type=content_type).first()
    if pending is None or not PendingImport.objects.filter(pk=pending.pk).delete()[0]:
        return None
    return pending


def pending_imports_discard():
    """Delete every upload waiting for confirmation (erasure: no copy of personal data may remain)."""
    PendingImport.objects.all().delete()


class UploadForm(ImportForm):
    """The import form, refusing files over IMPORT_MAX_BYTES before they are read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _(
                    "This file is %(size)s; uploads are limited to %(limit)s. Split it into smaller files, "
                    "or import it with manage.py import_catalogue."
                )
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        return upload


class RowNumbersField(forms.Field):
    """Row numbers (2 and up) posted as repeated values, e.g. the checked boxes of conflicting rows."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [value] if isinstance(value, str) else list(value or [])
        try:
            return {whole_number(item, minimum=2, maximum=settings.IMPORT_MAX_ROWS + 1) for item in values}
        except ValueError as error:
            raise ValidationError(str(error)) from None


class ConfirmForm(ControlCharacterCheck, forms.Form):
    """Confirms a previewed import: the upload's token and the conflicting rows to apply anyway."""

    import_file_name = forms.CharField(widget=forms.HiddenInput, max_length=32)
    accept = RowNumbersField(required=False)
    accept_all = forms.BooleanField(required=False, label=_("Apply every row in conflict"))
