"""Vietnamese first, English second: switcher on every page, dd/mm/yyyy, Asia/Ho_Chi_Minh."""

import datetime as dt
import re

from django.template import Context, Template
from django.utils import timezone, translation


def switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return dict(re.findall(r'href="([^"]+)" hreflang="(vi|en)"', nav)[i][::-1] for i in range(2))


PAGES = [
    ("/", "vi", {"vi": "/", "en": "/en/"}),
    ("/en/", "en", {"vi": "/", "en": "/en/"}),
    ("/gioi-thieu/", "vi", {"vi": "/gioi-thieu/", "en": "/en/about/"}),
    ("/en/about/", "en", {"vi": "/gioi-thieu/", "en": "/en/about/"}),
    ("/accounts/login/", "vi", {"vi": "/accounts/login/", "en": "/en/accounts/login/"}),
    ("/en/accounts/signup/", "en", {"vi": "/accounts/signup/", "en": "/en/accounts/signup/"}),
    ("/accounts/password/reset/", "vi",
     {"vi": "/accounts/password/reset/", "en": "/en/accounts/password/reset/"}),
]


def test_language_switcher_on_every_page(client, demo, django_assert_max_num_queries):
    # One demo load for every page: loading it is the slow part.
    for path, lang, other in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html, path
        assert switcher_links(html) == other, path
        current = "Tiếng Việt" if lang == "vi" else "English"
        assert f'aria-current="true"><span class="lang-full">{current}</span>' in html, path
    # The switcher and hreflang links ask for each language once per request, not per link.
    for path in ("/", "/en/", "/gioi-thieu/"):
        with django_assert_max_num_queries(11):
            assert client.get(path).status_code == 200


def test_allauth_pages_are_in_the_page_language(client, db):
    vi = client.get("/accounts/login/").content.decode()
    en = client.get("/en/accounts/login/").content.decode()
    assert "<h1>" in vi and "Đăng nhập" in vi and "Quên mật khẩu?" in vi
    assert "Forgot your password?" in en and "Quên mật khẩu?" not in en
    # Our layout, not allauth's bare one.
    assert 'class="skip-link"' in vi and 'class="site-footer"' in vi
    assert "<title>Đăng nhập · Hội thảo Quốc gia về Chính phủ số</title>" in vi


def test_signup_errors_in_the_users_language(client, db):
    response = client.post("/accounts/signup/", {"email": "khong-hop-le", "password1": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    errors = re.findall(r'<div id="(id_\w+)_error"><p class="error" role="alert">([^<]+)<', html)
    assert errors == [
        ("id_last_name", "Trường này là bắt buộc."),
        ("id_first_name", "Trường này là bắt buộc."),
        ("id_email", "Nhập địa chỉ email."),
        ("id_password1", "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 8 ký tự."),
        ("id_password2", "Trường này là bắt buộc."),
    ]
    assert 'aria-describedby="id_email_error"' in html


def test_dates_are_day_first_in_both_languages():
    moment = dt.datetime(2024, 10, 25, 1, 30, tzinfo=dt.UTC)
    template = Template(
        '{{ d|date:"SHORT_DATE_FORMAT" }} {{ d|date:"DATE_FORMAT" }} {{ d|date:"TIME_FORMAT" }}'
    )
    for language in ("vi", "en"):
        with translation.override(language):
            assert template.render(Context({"d": moment})) == "25/10/2024 25/10/2024 08:30"


def test_time_zone_is_vietnam():
    moment = dt.datetime(2024, 10, 24, 17, 0, tzinfo=dt.UTC)
    local = timezone.localtime(moment)
    assert (local.date(), local.hour, local.utcoffset()) == (
        dt.date(2024, 10, 25), 0, dt.timedelta(hours=7)
    )


def test_vietnamese_is_the_default_for_a_browser_asking_nothing(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="")
    assert '<html lang="vi">' in response.content.decode()


def test_font_is_served_from_our_static_files(client, demo):
    html = client.get("/").content.decode()
    assert "/static/vendor/be-vietnam-pro/fonts.css" in html
    assert 'href="/static/vendor/be-vietnam-pro/be-vietnam-pro-vi-400.woff2" as="font"' in html
    assert "fonts.googleapis.com" not in html and "cdn" not in html.lower()
