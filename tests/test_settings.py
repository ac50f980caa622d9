"""Production settings are safe to deploy; the other environments differ only where they must."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "conference.settings.production",
    "SECRET_KEY": "q8Vz-production-like-secret-3kT9xLmN0pQrStUvWxYz1a2b3c4d5e6f7g8h9i0jKLM",
    "DATABASE_URL": "postgres://govconf:secret@db.internal:5432/govconf",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ALLOWED_HOSTS": "chinhphuso.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://chinhphuso.example.vn",
    "SITE_URL": "https://chinhphuso.example.vn",
    "EMAIL_PROVIDER": "postmark",
    "EMAIL_PROVIDER_API_KEY": "server-token",
    "ANYMAIL_WEBHOOK_SECRET": "user:webhook-password",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "Set SECRET_KEY"),
        ("DATABASE_URL", "Set DATABASE_URL to a PostgreSQL database"),
        ("REDIS_URL", "Set REDIS_URL"),
        ("ANYMAIL_WEBHOOK_SECRET", "Set ANYMAIL_WEBHOOK_SECRET"),
    ],
)
def test_production_refuses_to_start_without_required_settings(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, s.TASKS['default']['BACKEND'],"
        " s.EMAIL_BACKEND, s.ANYMAIL['POSTMARK_SERVER_TOKEN'], s.ALLOWED_HOSTS,"
        " s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    result = manage("shell", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False", "True", "True", "True", "31536000", "DENY", "django_tasks_db.DatabaseBackend",
        "anymail.backends.postmark.EmailBackend", "server-token", "['chinhphuso.example.vn']",
        "Asia/Ho_Chi_Minh", "vi",
    ]


def test_security_headers_on_a_page(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_unknown_email_provider_is_refused():
    result = manage("check", **{**PRODUCTION_ENV, "EMAIL_PROVIDER": "pigeon"})
    assert result.returncode != 0
    assert "EMAIL_PROVIDER='pigeon' is not one of" in result.stderr


def test_production_media_on_s3_compatible_storage():
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "govconf-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "AWS_S3_REGION_NAME": "hn-1",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret-example",
    }
    assert manage("check", "--deploy", "--fail-level", "WARNING", **env).returncode == 0
    code = (
        "from django.core.files.storage import storages;"
        "print(type(storages['default']).__name__, storages['default'].url('a/b.jpg'));"
        "print(storages['private'].url('evidence/x.pdf'))"
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    public, private = result.stdout.strip().splitlines()[-2:]
    assert public == "S3Storage https://s3.example.vn/govconf-media/media/a/b.jpg"
    assert private.startswith("https://s3.example.vn/govconf-media/private/evidence/x.pdf?")
    assert "X-Amz-Signature=" in private and "X-Amz-Expires=300" in private
