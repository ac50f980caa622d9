"""`make bench`: production-like (no debug, compiled static files, database task queue), on
loopback without HTTPS. PostgreSQL when DATABASE_URL is set, else a local SQLite file."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, REDIS_URL, STORAGES, env, env_bool

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECRET_KEY = env("SECRET_KEY", "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}",
        conn_max_age=60,
    )
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "conference.common.staticfiles.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"
# The bare-Django ceiling view (/bench/ceiling): only ever routed under these settings.
GOVCONF_BENCH_ENDPOINTS = env_bool("GOVCONF_BENCH_ENDPOINTS", True)
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Every simulated visitor comes from 127.0.0.1: per-address limits would measure the limiter.
REGISTRATION_RATE_LIMIT = int(env("REGISTRATION_RATE_LIMIT", "1000000"))
# The surge comes from one machine: its 2,000 attempts must not meet the per-address cap.
REGISTRATION_UNPAID_SEATS_PER_ADDRESS = int(env("REGISTRATION_UNPAID_SEATS_PER_ADDRESS",
                                                "1000000"))
ACCOUNT_RATE_LIMITS = False
# A Redis shared with other work: `make bench` empties only its own keys (delete_pattern).
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", "govconf-bench")
