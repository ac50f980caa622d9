"""Content-Security-Policy (issue #12.9): every HTML page carries it, cached pages included; no
inline script of ours is left; only Wagtail's admin may run inline scripts (its own templates
write them)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.checkin.conftest import activate_totp

ROOT = Path(settings.BASE_DIR)


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/", "/agenda/", "/register/", "/checkin/",
                                 "/no-such-page/"])
def test_public_pages_and_the_scanner_carry_a_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code in (200, 302, 404), url
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_a_page_from_the_anonymous_cache_carries_the_same_policy(client):
    first = client.get("/agenda/")
    second = client.get("/agenda/")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce-" not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_the_admin_allows_inline_scripts(client, user_factory):
    user = user_factory(is_staff=True, is_superuser=True)
    activate_totp(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>",
                           re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_of_ours_runs_inline_script():
    found = []
    for top in ("templates", "conference", "cms", "checkin"):
        for path in (ROOT / top).rglob("*.html"):
            if "wagtail_vi" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
                found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
