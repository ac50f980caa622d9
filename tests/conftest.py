"""Fixtures shared by the whole suite.

Tests run on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) so that
locking and concurrency behave as in production.
"""

import datetime

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_the_second_factor():
    """``client.force_login(user)`` stands for a finished login: for a user with an authenticator
    it records in the session, as allauth's login does, that the second factor was passed (the
    MFA middleware asks for it in every session). Tests of the login itself post to the forms;
    ``client.login()`` stays a password-only login."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.userkit import user_id_to_str
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        from allauth.mfa.models import Authenticator

        original(self, user, backend)
        authenticator = Authenticator.objects.filter(user=user).first()
        if authenticator is not None:
            session = self.session
            session[AUTHENTICATION_METHODS_SESSION_KEY] = [
                {"method": "mfa", "at": time.time(), "id": authenticator.pk,
                 "type": authenticator.type},
            ]
            session["account_authentication_methods_user"] = user_id_to_str(user)
            session.save()

    ClientMixin.force_login = force_login
    yield
    ClientMixin.force_login = original


@pytest.fixture(scope="session", autouse=True)
def _quick_transactional_teardown():
    """Transactional tests end by deleting their rows instead of truncating every table (same
    result, a few seconds less each): see tests/flush.py."""
    from tests.flush import install

    uninstall = install()
    yield
    uninstall()


@pytest.fixture
def demo(db):
    """The demo edition, as `make run` loads it.

    Without Wagtail's reference index ("usage" in the admin), which no test reads: it is a third
    of the load (a task per saved object).
    """
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with disable_reference_index_auto_update():
        call_command("load_demo", password="demo-password-123", stdout=_Null())
    from cms.models import Edition

    return Edition.objects.get(year=2024)


@pytest.fixture
def edition(db):
    """The current edition: one day, 25/10/2024, in Đà Nẵng (for every app's tests)."""
    from cms.models import Edition

    return Edition.objects.create(
        year=2024, name="Hội thảo Quốc gia về Chính phủ số 2024",
        name_en="National Conference on Digital Government 2024",
        start_date=datetime.date(2024, 10, 25), end_date=datetime.date(2024, 10, 25),
        venue="Furama, Đà Nẵng", venue_en="Furama, Da Nang", is_current=True,
    )


@pytest.fixture
def user_factory(db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    counter = {"n": 0}

    def make(email=None, password="a-Strong-passw0rd", verified=True, **fields):
        counter["n"] += 1
        email = email or f"user{counter['n']}@example.com"
        user = get_user_model().objects.create_user(email=email, password=password, **fields)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no rate-limit counter: every test client comes from 127.0.0.1, so the
    attempts of earlier tests in the run would otherwise count against a later test's limit (a
    counter lives for its whole window, ten minutes for registrations)."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):  # django-redis: this run's prefix only
        cache.delete_pattern("ratelimit:*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with no cached page nor agenda fragment (a cache outlives a test's data)."""
    import time

    from django.core.cache import cache

    from cms.services import AGENDA_VERSION_KEY

    cache.set(AGENDA_VERSION_KEY, time.time_ns(), None)
