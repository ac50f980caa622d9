"""Factories for the badge tests: an edition, categories, confirmed attendees with badges."""


import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission

from conference.registration.badges import issue_badge
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, Category, Registration


@pytest.fixture
def speaker_category(edition):
    return Category.objects.create(
        edition=edition, code="speaker", name="Diễn giả", name_en="Speaker", quota=50,
        badge_color="#C8102E", role_label="Diễn giả", role_label_en="Speaker",
    )


@pytest.fixture
def delegate_category(edition):
    return Category.objects.create(
        edition=edition, code="gov", name="Đại biểu", name_en="Delegate", quota=500,
        role_label="ĐẠI BIỂU", role_label_en="DELEGATE",
    )


@pytest.fixture
def make_attendee(edition, delegate_category):
    counter = {"n": 0}

    def make(full_name="Nguyễn Thị Anh Thi", *, category=None, status=RegistrationStatus.CONFIRMED,
             contact=None, badge=True, **fields):
        counter["n"] += 1
        registration = Registration.objects.create(
            edition=edition, category=category or delegate_category,
            reference=f"R{counter['n']:05d}", contact=contact, status=status,
            contact_email=fields.get("email", f"a{counter['n']}@example.com"),
        )
        fields.setdefault("email", f"a{counter['n']}@example.com")
        attendee = Attendee.objects.create(registration=registration, full_name=full_name,
                                           **fields)
        if badge:
            issue_badge(attendee=attendee)
        return attendee

    return make


@pytest.fixture
def desk_user(user_factory):
    """A registration-desk member with the badge permissions and TOTP set up (staff need MFA)."""
    user = user_factory(email="desk@example.com")
    perms = Permission.objects.filter(
        content_type__app_label__in=["registration", "wagtailadmin"],
        codename__in=["view_badge", "change_badge", "add_badgebatch", "view_badgebatch",
                      "access_admin"],
    )
    user.user_permissions.add(*perms)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user
