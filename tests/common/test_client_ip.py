"""Behind nginx every request comes from 127.0.0.1: limits and the audit log must see the client
(issue #12.2). ``client_ip`` trusts exactly TRUSTED_PROXY_COUNT entries of X-Forwarded-For."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from conference.common.models import AuditEntry
from conference.common.ratelimit import client_ip
from conference.registration.models import Registration
from tests.registration.factories import make_category, make_edition, person
from tests.registration.test_views import attendee_post

PROXY = "127.0.0.1"


def ip_of(settings, hops, xff=None, remote=PROXY):
    settings.TRUSTED_PROXY_COUNT = hops
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(RequestFactory().get("/", **extra))


def test_client_ip_trusts_exactly_the_configured_hops(settings):
    # No proxy trusted: the header is the client's own words and changes nothing.
    assert ip_of(settings, 0, "198.51.100.7") == PROXY
    # nginx appends the address it was reached from; anything to its left is the client's.
    assert ip_of(settings, 1, "198.51.100.7") == "198.51.100.7"
    assert ip_of(settings, 1, "10.9.9.9, 198.51.100.7") == "198.51.100.7"
    assert ip_of(settings, 2, "10.9.9.9, 198.51.100.7, 10.0.0.2") == "198.51.100.7"
    assert ip_of(settings, 1, "2001:db8::1") == "2001:db8::1"
    # Not through our proxies (no or a short header), or garbage: the connecting address.
    assert ip_of(settings, 1) == PROXY
    assert ip_of(settings, 2, "198.51.100.7") == PROXY
    assert ip_of(settings, 1, "not-an-address") == PROXY
    assert ip_of(settings, 1, "198.51.100.7\x00") == PROXY


def register(client, category, n, xff):
    url = reverse("registration:details", kwargs={"code": category.code})
    review = client.post(url, attendee_post([person(n)]), HTTP_X_FORWARDED_FOR=xff,
                         REMOTE_ADDR=PROXY)["Location"]
    return client.post(review, {"consent": "on"}, HTTP_X_FORWARDED_FOR=xff, REMOTE_ADDR=PROXY)


@pytest.fixture
def surge(db, settings):
    settings.REGISTRATION_RATE_LIMIT = 20
    cache.clear()
    yield make_category(make_edition(), quota=100)
    cache.clear()


def test_25_visitors_behind_nginx_all_register(client, surge, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [register(client, surge, 700 + i, f"198.51.100.{i + 1}").status_code
             for i in range(25)]
    assert codes == [302] * 25
    assert Registration.objects.count() == 25
    # The audit log names the visitor, not the proxy.
    devices = set(AuditEntry.objects.filter(action="registration.started")
                  .values_list("device", flat=True))
    assert "web:198.51.100.25" in devices
    assert not any(PROXY in device for device in devices)


def test_25_registrations_from_one_address_hit_the_limit(client, surge, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [register(client, surge, 800 + i, "198.51.100.9").status_code for i in range(25)]
    assert codes == [302] * 20 + [200] * 5
    assert Registration.objects.count() == 20


def test_a_forged_header_changes_nothing_without_a_trusted_proxy(client, surge, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [register(client, surge, 900 + i, f"203.0.113.{i + 1}").status_code
             for i in range(25)]
    assert codes == [302] * 20 + [200] * 5


def test_allauth_login_limits_are_per_visitor_behind_nginx(client, settings, user_factory):
    """11 failed logins from one visitor must not lock out a correct login from elsewhere."""
    # One setting: allauth's limits count by our client_ip (the account adapter).
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    user_factory(email="daibieu@example.vn")
    for i in range(11):
        client.post("/accounts/login/", {"login": f"sai{i}@example.vn", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR="203.0.113.66", REMOTE_ADDR=PROXY)
    right = {"login": "daibieu@example.vn", "password": "a-Strong-passw0rd"}
    refused = client.post("/accounts/login/", right, HTTP_X_FORWARDED_FOR="203.0.113.66",
                          REMOTE_ADDR=PROXY)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    elsewhere = client.post("/accounts/login/", right, HTTP_X_FORWARDED_FOR="198.51.100.20",
                            REMOTE_ADDR=PROXY)
    assert elsewhere.status_code == 302
    cache.clear()


def test_allauth_trusts_the_same_number_of_proxies():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT == 0


def test_no_code_reads_the_connecting_address_but_client_ip():
    """REMOTE_ADDR is the proxy behind nginx: every limit and audit entry goes through
    client_ip, so no other module may read it."""
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    readers = sorted(
        str(path.relative_to(base))
        for folder in ("conference", "checkin", "cms")
        for path in (base / folder).rglob("*.py")
        if "REMOTE_ADDR" in path.read_text(encoding="utf-8")
    )
    assert readers == ["conference/common/ratelimit.py"]
