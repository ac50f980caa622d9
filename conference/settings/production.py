"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL), HTTPS behind nginx, task worker."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ANYMAIL, DATABASES, EMAIL_PROVIDER, REDIS_URL, SECRET_KEY, env, env_bool

DEBUG = False

if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Set DATABASE_URL to a PostgreSQL database (postgres://...).")
if not REDIS_URL:
    raise ImproperlyConfigured("Set REDIS_URL (cache, sessions and rate limits live in Redis).")
if EMAIL_PROVIDER and not ANYMAIL.get("WEBHOOK_SECRET"):
    # Without it anyone could post bounces and complaints that stop mail to any address.
    raise ImproperlyConfigured(
        "Set ANYMAIL_WEBHOOK_SECRET (user:password) when EMAIL_PROVIDER is set: the provider's "
        "delivery webhook is refused without it."
    )

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# HTTPS is terminated by nginx, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "conference.common.staticfiles.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    # Media on S3-compatible storage (AWS S3, Viettel/VNPT/FPT object storage, MinIO...) so that
    # app servers keep nothing on local disk. Needs requirements-production.txt (django-storages).
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Public pictures and documents: plain URLs (the bucket serves media/ publicly).
        "OPTIONS": {"location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Evidence files, statements, badge batches: private objects, short-lived signed URLs.
        "OPTIONS": {
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "custom_domain": None,
        },
    }

LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405
