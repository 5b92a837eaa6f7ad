"""The storage of uploaded documents: Django's storage alias "library" (settings.STORAGES).

Never the public media storage: files are read only through `library.views.document_file`, which
checks who asks. A deployment points the alias at object storage (django-storages) without code
changes. Resolved lazily, so that tests and deployments may change STORAGES.
"""

from django.core.files.storage import storages
from django.utils.functional import LazyObject, empty

LIBRARY_STORAGE = "library"


class _LibraryStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[LIBRARY_STORAGE]


library_files = _LibraryStorage()


def library_storage():
    """The FileField's storage (a callable, so migrations name it instead of freezing a backend)."""
    return library_files


def storage_reset(setting, **kwargs):
    if setting == "STORAGES":
        library_files._wrapped = empty
