"""Every Vietnamese page exists in English: /en/ shows the Vietnamese content until translated."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from cms.models import HomePage, StandardPage
from cms.services import sync_page_tree


@pytest.fixture
def home(agenda_site):
    return HomePage.objects.get(locale__language_code="vi")


def test_existing_page_without_english_copy_gets_one(client, home):
    venue = StandardPage(title="Địa điểm tổ chức", slug="dia-diem")
    home.add_child(instance=venue)
    venue.save_revision().publish()
    assert client.get("/dia-diem/").status_code == 200
    assert client.get("/en/dia-diem/").status_code == 404  # before: no English copy

    assert sync_page_tree() == 1
    english = client.get("/en/dia-diem/")
    assert english.status_code == 200
    page = english.content.decode()
    assert '<html lang="en">' in page and "Địa điểm tổ chức" in page
    assert "This page has not been translated yet" in page
    assert "chưa được dịch" not in client.get("/dia-diem/").content.decode()
    alias = Page.objects.get(locale__language_code="en", slug="dia-diem")
    assert alias.alias_of_id == venue.pk
    assert sync_page_tree() == 0  # idempotent: the migration and later runs add nothing twice


def test_page_created_in_the_admin_gets_its_english_alias(client, home, user_factory):
    from allauth.mfa.models import Authenticator

    editor = user_factory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["cms", "standardpage", home.pk])
    response = client.post(url, {
        "title": "Đi lại và lưu trú", "slug": "di-lai", "body-count": "0",
        "action-publish": "action-publish",
    })
    assert response.status_code == 302, response.context["form"].errors
    en = Locale.objects.get(language_code="en")
    alias = Page.objects.get(locale=en, slug="di-lai")
    assert alias.alias_of.title == "Đi lại và lưu trú"
    client.logout()
    english = client.get("/en/di-lai/")
    assert english.status_code == 200
    assert "Đi lại và lưu trú" in english.content.decode()
