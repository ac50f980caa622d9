import pytest
from django.contrib.auth.models import Group

from conference.accounts.roles import REGISTRATION_DESK, sync_roles

from .fake_stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_secret_for_govconf"  # noqa: S105


@pytest.fixture(scope="session")
def _fake_stripe_server():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_stripe(_fake_stripe_server, settings):
    """The fake Stripe API, wired into settings; reset for each test."""
    fake = _fake_stripe_server
    fake.reset()
    fake.webhook_secret = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_fake"  # noqa: S105
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0  # the client's retries sleep; outages fail at once
    yield fake
    fake.reset()


@pytest.fixture
def desk_user(user_factory):
    """A member of the Registration desk role, with TOTP set up (staff must use MFA)."""
    from allauth.mfa.models import Authenticator

    sync_roles()
    user = user_factory(email="desk@govconf.vn")
    user.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def desk_client(client, desk_user):
    client.force_login(desk_user)
    return client
