"""Test settings: the production module with a fixed key, fast hashing and plain static storage."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from registry.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic; tests serve static files unhashed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Uploaded documents go to a folder of their own per test run, never into the working tree.
    "library": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="registry-library-")},
    },
}
STATIC_ROOT = None  # whitenoise serves from the finders; no collectstatic in tests
WHITENOISE_USE_FINDERS = True
# The anonymous page cache adds a query per page and outlives a test's rollback; tests/test_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# A full collection after every test's catalogue change would slow the suite; tests/test_heap.py turns it on.
FREEZE_KEPT_INDEXES = False
# The API's anonymous throttle counts in the shared cache; tests/test_api_http.py lowers it to test it.
API_ANONYMOUS_RATE = "100000/minute"
