"""Factories for check-in tests: an edition with categories, confirmed attendees with badges,
points and registered scanner devices."""

import itertools
import uuid

import pytest
from django.contrib.auth.models import Group

from conference.accounts.roles import CHECKIN_STAFF, sync_roles

_counter = itertools.count(1)


@pytest.fixture
def demo_programme(edition):
    """The demo's agenda for ``edition`` (what the check-in demo builds on), without the rest of
    the demo (site pages, registrations, awards)."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from cms.demo_agenda import load_programme

    with disable_reference_index_auto_update():
        load_programme(edition)
    return edition


@pytest.fixture
def category_factory(edition):
    from conference.registration.models import Category

    def make(code=None, **fields):
        n = next(_counter)
        fields.setdefault("name", f"Đại biểu {n}")
        fields.setdefault("name_en", f"Delegate {n}")
        fields.setdefault("quota", 5000)
        return Category.objects.create(edition=fields.pop("edition", edition),
                                       code=code or f"cat{n}", **fields)

    return make


@pytest.fixture
def delegate(category_factory):
    return category_factory(code="delegate", name="Đại biểu", name_en="Delegate",
                            badge_color="#0B4F9C")


@pytest.fixture
def attendee_factory(delegate):
    from conference.registration.badges import issue_badge
    from conference.registration.enums import RegistrationStatus
    from conference.registration.models import Attendee, Registration

    def make(full_name="Nguyễn Thị Anh Thi", category=None, status=RegistrationStatus.CONFIRMED,
             badge=True, **fields):
        n = next(_counter)
        category = category or delegate
        registration = Registration.objects.create(
            edition=category.edition, category=category, reference=f"R{n:08d}",
            contact_email=f"contact{n}@example.vn", status=status,
        )
        fields.setdefault("email", f"a{n}@example.vn")
        fields.setdefault("organisation", "Sở Thông tin và Truyền thông Đà Nẵng")
        attendee = Attendee.objects.create(registration=registration, full_name=full_name,
                                           **fields)
        if badge:
            attendee.badge = issue_badge(attendee=attendee)
        return attendee

    return make


@pytest.fixture
def point_factory(edition):
    from checkin.models import CheckinPoint

    def make(name="Cửa chính", categories=(), **fields):
        point = CheckinPoint.objects.create(edition=fields.pop("edition", edition), name=name,
                                            name_en=fields.pop("name_en", "Main entrance"),
                                            **fields)
        if categories:
            point.categories.set(categories)
        return point

    return make


@pytest.fixture
def staff_factory(user_factory):
    def make(**fields):
        sync_roles()
        user = user_factory(**fields)
        user.groups.add(Group.objects.get(name=CHECKIN_STAFF))
        return user

    return make


@pytest.fixture
def device_factory(staff_factory):
    from checkin.services import register_device

    def make(user=None, name=None):
        user = user or staff_factory()
        device, token = register_device(user=user, name=name or f"Phone {next(_counter)}")
        device.token = token
        return device

    return make


def nonce() -> str:
    return uuid.uuid4().hex


def activate_totp(user) -> str:
    """Give ``user`` a TOTP authenticator (staff must have one); returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def staff_client(client, staff_factory):
    """A client logged in as check-in staff with TOTP set up."""
    user = staff_factory()
    activate_totp(user)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def role_client(client, user_factory):
    """``role_client("Organizer")``: a client logged in with that role and TOTP."""

    def make(role):
        sync_roles()
        user = user_factory()
        user.groups.add(Group.objects.get(name=role))
        activate_totp(user)
        client.force_login(user)
        client.user = user
        return client

    return make
