"""403, 404 and 500 pages: the site's layout, the visitor's language, and a way back."""

import pytest
from django.test import Client, override_settings


@pytest.fixture
def attendee(user_factory):
    return user_factory(email="dai.bieu@example.vn")


def test_logged_in_non_staff_at_admin_gets_a_403_not_a_login_loop(attendee):
    client = Client()
    client.force_login(attendee)
    for path in ("/admin/", "/admin/pages/", "/admin/snippets/"):
        response = client.get(path)
        assert response.status_code == 403, (path, response.get("Location"))
    page = response.content.decode()
    assert '<header class="site-header"' in page
    assert "Không có quyền truy cập" in page
    assert "Bạn đang đăng nhập bằng dai.bieu@example.vn" in page
    assert 'href="/">Về trang chủ</a>' in page
    attendee.language = "en"
    attendee.save()
    english = client.get("/admin/")
    assert english.status_code == 403
    assert "Access denied" in english.content.decode()
    # Visitors still go to the login page, and staff into the admin.
    assert Client().get("/admin/").status_code == 302


def test_editor_still_reaches_the_admin(user_factory):
    from allauth.mfa.models import Authenticator

    editor = user_factory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_404_in_both_languages_with_the_layout_and_ways_back(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page and '<header class="site-header"' in page
    assert "Không tìm thấy trang" in page
    assert 'href="/">Về trang chủ</a>' in page
    assert 'action="/search/"' in page
    response = client.get("/en/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in page and "Page not found" in page
    assert 'href="/en/">Back to the home page</a>' in page
    assert 'action="/en/search/"' in page


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.common.error_urls")
def test_500_in_both_languages_with_the_layout():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="vi">' in page and '<header class="site-header"' in page
    assert "Đã có lỗi xảy ra" in page and 'href="/">Về trang chủ</a>' in page
    response = client.get("/en/boom/")
    page = response.content.decode()
    assert '<html lang="en">' in page and "Something went wrong" in page
    assert 'href="/en/">Back to the home page</a>' in page
