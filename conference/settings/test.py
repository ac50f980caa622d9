"""Tests: PostgreSQL at DATABASE_URL (CI: 127.0.0.1:5432), immediate tasks, in-memory email."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"), conn_max_age=0
    )
}
# Several checkouts may test against one server at once: each can name its own test database.
if os.environ.get("GOVCONF_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["GOVCONF_TEST_DB_NAME"]}

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnop"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private-media"
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
}
ALLOWED_HOSTS = ["*"]
REQUIRE_STAFF_MFA = True
if not env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES["default"]["KEY_PREFIX"] = f"govconf-test-{os.getpid()}"  # noqa: F405
    # One Redis database is shared by several checkouts' test runs: clear() must not FLUSHDB.
    CACHES["default"]["OPTIONS"]["CLIENT_CLASS"] = "tests.cache.PrefixClearClient"  # noqa: F405
# Sessions live in the cache as in production, with or without Redis, so that the query counts the
# tests pin are the same on every machine.
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
ACCOUNT_RATE_LIMITS = False
