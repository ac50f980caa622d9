"""Roles are groups named by English identifiers; the admin shows them by their translated label."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from conference.accounts.roles import (
    AWARDS_SECRETARIAT,
    CHECKIN_STAFF,
    JUDGE,
    ORGANIZER,
    REGISTRATION_DESK,
    sync_roles,
)

pytestmark = pytest.mark.django_db

VIETNAMESE = {
    ORGANIZER: "Ban tổ chức",
    REGISTRATION_DESK: "Quầy đăng ký",
    CHECKIN_STAFF: "Nhân viên soát vé",
    AWARDS_SECRETARIAT: "Ban thư ký giải thưởng",
    JUDGE: "Giám khảo",
}


@pytest.fixture
def admin_client(client, user_factory):
    sync_roles()
    admin = user_factory(email="quantri@govconf.vn", is_staff=True, is_superuser=True)
    admin.groups.add(Group.objects.get(name=ORGANIZER))
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    client.user = admin
    return client


def test_a_group_reads_as_its_role_in_the_active_language():
    sync_roles()
    group = Group.objects.get(name=REGISTRATION_DESK)
    with translation.override("vi"):
        assert str(group) == "Quầy đăng ký"
    with translation.override("en"):
        assert str(group) == "Registration desk"
    assert str(Group(name="Ban biên tập riêng")) == "Ban biên tập riêng"


def test_the_group_listing_shows_role_names_in_vietnamese(admin_client):
    html = admin_client.get("/admin/groups/").content.decode()
    for english, vietnamese in VIETNAMESE.items():
        assert vietnamese in html
        assert f">{english}<" not in html and f"{english}\n" not in html
    # Wagtail's own two groups too.
    assert "Người kiểm duyệt" in html and "Biên tập viên" in html


def test_the_user_form_and_filters_offer_roles_in_vietnamese(admin_client):
    edit = admin_client.get(
        reverse("wagtailusers_users:edit", args=[admin_client.user.pk])).content.decode()
    index = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    group_edit = admin_client.get(
        reverse("wagtailusers_groups:edit", args=[Group.objects.get(name=JUDGE).pk])
    ).content.decode()
    for html in (edit, index):
        for english, vietnamese in VIETNAMESE.items():
            assert vietnamese in html
            assert english not in html
    # The page is about the role; only the name field holds the identifier the code looks up.
    title = group_edit[group_edit.index("<title>"):group_edit.index("</title>")]
    assert "Giám khảo" in title and "Judge" not in title
