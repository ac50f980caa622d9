"""An account's language choice drives its emails, the public pages and the Wagtail admin."""

from wagtail.users.models import UserProfile

from conference.common.models import AuditEntry


def test_language_preference_applies_to_pages_and_admin(client, user_factory, settings):
    settings.REQUIRE_STAFF_MFA = False
    user = user_factory(email="editor@govconf.vn", is_staff=True, is_superuser=True,
                        phone="")
    client.force_login(user)
    assert '<html lang="vi"' in client.get("/admin/").content.decode()

    response = client.post("/accounts/profile/", {"language": "en", "phone": " 0905 123 456 "})
    assert response.status_code == 302
    assert response.url == "/en/accounts/profile/"
    user.refresh_from_db()
    assert (user.language, user.phone) == ("en", "0905 123 456")
    assert UserProfile.get_for_user(user).preferred_language == "en"
    page = client.get(response.url).content.decode()
    assert "Your preferences were saved." in page
    assert '<html lang="en"' in client.get("/admin/").content.decode()
    entry = AuditEntry.objects.get(action="account.preferences")
    assert (entry.actor, entry.data) == (user, {"language": "en"})


def test_invalid_language_is_refused_in_the_users_language(client, user_factory):
    user = user_factory()
    client.force_login(user)
    response = client.post("/accounts/profile/", {"language": "fr"})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    user.refresh_from_db()
    assert user.language == "vi"
