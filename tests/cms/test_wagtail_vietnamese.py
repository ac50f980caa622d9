"""Wagtail's admin speaks Vietnamese: every string it can show has a translation, placeholders are
kept, and the pages organisers open show no leftover English."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from cms.wagtail_vi.catalogues import source_catalogues, source_messages

PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]|%[sd]|\{[a-zA-Z_]+\}")


def test_the_catalogues_cover_every_wagtail_app_the_admin_uses():
    covered = {(app, domain) for app, domain, _path in source_catalogues()}
    assert {("wagtail.admin", "django"), ("wagtail.admin", "djangojs"), ("wagtail", "django"),
            ("wagtail.snippets", "django"), ("wagtail.images", "django"),
            ("wagtail.documents", "django"), ("wagtail.users", "django"),
            ("wagtail.contrib.simple_translation", "django"),
            ("wagtail.contrib.forms", "django"), ("wagtail.contrib.redirects", "django"),
            ("wagtail.contrib.settings", "django"), ("wagtail.locales", "django")} <= covered
    assert sum(len(messages) for messages in source_messages().values()) > 1700


def test_every_wagtail_admin_string_has_vietnamese():
    """Django's merged Vietnamese catalogue (ours, Wagtail's, the supplement) has every msgid."""
    catalog = trans_real.translation("vi")._catalog
    missing = [
        message.json_key.replace("\x04", " | ")
        for message in source_messages()["django"].values()
        if not catalog.get(message.key)
    ]
    assert missing == [], f"{len(missing)} Wagtail strings without Vietnamese, e.g. {missing[:15]}"


def test_every_wagtail_admin_javascript_string_has_vietnamese(client):
    """What /admin/jsi18n/ serves to the admin's JavaScript (sidebar, comments, StreamField)."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"),
                          HTTP_ACCEPT_LANGUAGE="vi")
    body = response.content.decode()
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
    missing = [
        message.json_key for message in source_messages()["djangojs"].values()
        if not served.get(message.json_key)
    ]
    assert missing == [], f"{len(missing)} admin JavaScript strings without Vietnamese: {missing}"


def _supplement_entries():
    from babel.messages.pofile import read_po

    from cms.wagtail_vi.catalogues import SUPPLEMENT

    for domain, path in SUPPLEMENT.items():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        assert catalog.num_plurals == 1, f"{path}: Vietnamese has one plural form"
        for message in catalog:
            if message.id:
                yield domain, message


def test_the_supplement_keeps_placeholders_and_has_one_plural_form():
    wrong = []
    for domain, message in _supplement_entries():
        if isinstance(message.id, tuple | list):
            singular, plural = (set(PLACEHOLDER.findall(text)) for text in message.id)
            assert len(message.string) == 1, message.id
            got = set(PLACEHOLDER.findall(message.string[0]))
            # One form serves every count, so it names the count the plural names; it may drop a
            # placeholder only the plural's English wording had.
            ok = singular <= got <= singular | plural
        else:
            ok = set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string))
        if not ok:
            wrong.append((domain, message.id, message.string))
    assert wrong == []


def test_organisers_meet_no_english_where_wagtail_had_none_in_vietnamese():
    """The strings the issue found in English, as Django renders them now."""
    with translation.override("vi"):
        assert translation.gettext("Images") == "Hình ảnh"
        assert translation.gettext("More actions") == "Thao tác khác"
        assert (translation.gettext("Page %(page_num)s of %(total_pages)s")
                % {"page_num": 1, "total_pages": 1}) == "Trang 1/1"
        assert (translation.gettext("The %(model_name)s could not be saved due to errors.")
                % {"model_name": "phiên"}) == "Không thể lưu phiên do có lỗi."


# Words our own catalogues translate differently from the admin, on purpose: a nomination is
# "nộp" (handed in), and the admin's workflow status reads well that way too.
SHARED_ON_PURPOSE = {"Submitted"}


def test_our_own_translations_do_not_bend_the_admins_words():
    """Our catalogues come first, so a generic msgid they give a narrow meaning ("Name" as a
    person's full name, "Undo" as undoing a scan) would leak into every Wagtail screen: such
    project strings carry a msgctxt instead."""
    from babel.messages.pofile import read_po

    from cms.wagtail_vi.catalogues import SUPPLEMENT

    catalog = trans_real.translation("vi")._catalog
    with SUPPLEMENT["django"].open("rb") as handle:
        supplement = read_po(handle)
    bent = {}
    for message in supplement:
        if not message.id or isinstance(message.id, tuple | list):
            continue
        key = message.id if message.context is None else f"{message.context}\x04{message.id}"
        if message.id not in SHARED_ON_PURPOSE and catalog.get(key) != message.string:
            bent[message.id] = (catalog.get(key), message.string)
    assert bent == {}


class _Shown(HTMLParser):
    """What a person (or a screen reader) meets on a page: text, labels, and the labels in the
    JSON the admin's JavaScript renders (the sidebar menu, the bulk-action strings)."""

    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
    JSON_KEYS = ("label", "display_name", "footer_text", "STRINGS")

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self._inside = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._inside = attrs.get("type") if tag == "script" else tag
        for name in self.ATTRIBUTES:
            if attrs.get(name):
                self.strings.append(attrs[name].strip())
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.strings.append(attrs["value"].strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._inside = None

    def handle_data(self, data):
        if self._inside == "application/json":
            self._walk(json.loads(data), shown=False)
        elif self._inside is None and data.strip():
            self.strings.append(" ".join(data.split()))

    def _walk(self, value, shown):
        if isinstance(value, dict):
            for key, item in value.items():
                self._walk(item, shown or key in self.JSON_KEYS)
        elif isinstance(value, list):
            for item in value:
                self._walk(item, shown)
        elif shown and isinstance(value, str) and value.strip():
            self.strings.append(value.strip())


def _english_left(html: str) -> list[str]:
    """Strings on the page that are a Wagtail msgid whose Vietnamese differs from it."""
    english = {}
    with translation.override("vi"):
        for message in source_messages()["django"].values():
            if message.msgid_plural or message.context:
                continue
            if translation.gettext(message.msgid) != message.msgid:
                english[message.msgid] = True
    parser = _Shown()
    parser.feed(html)
    return sorted({text for text in parser.strings if text in english})


def _organiser(client):
    """An organiser as the demo makes one: a superuser with the Organizer role and TOTP."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    from conference.accounts.models import User
    from conference.accounts.roles import ORGANIZER, sync_roles

    sync_roles()
    organiser = User.objects.filter(email="organizer@govconf.local").first()
    if organiser is None:
        organiser = User.objects.create_user(email="organizer@govconf.local", is_staff=True,
                                             is_superuser=True, password="a-Strong-passw0rd")
        EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True,
                                    primary=True)
    organiser.groups.add(Group.objects.get(name=ORGANIZER))
    TOTP.activate(organiser, generate_totp_secret())
    client.force_login(organiser)
    return client


ADMIN_PAGES = [
    "/admin/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/cms/session/",
    "/admin/snippets/cms/speaker/",
    "/admin/pages/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/reports/site-history/",
]


def test_admin_pages_speak_vietnamese_with_no_leftover_english(client, demo):
    """The demo's admin as its organiser opens it: no string Wagtail could have translated is
    left in English, in the text, in screen-reader labels or in the sidebar's JSON."""
    client = _organiser(client)
    left = {}
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="vi"' in html
        left[url] = _english_left(html)
        for english in ("Images", "More actions", "Page 1 of 1", "Sort by", "Dashboard"):
            assert english not in html, (url, english)
    assert left == {url: [] for url in ADMIN_PAGES}

    menu = _Shown()
    menu.feed(client.get("/admin/").content.decode())
    assert {"Hình ảnh", "Tài liệu", "Trang", "Cài đặt", "Báo cáo", "Trợ giúp",
            "Bộ sưu tập", "Chuyển hướng", "Người dùng", "Nhóm"} <= set(menu.strings)
    assert "Trang 1/" in client.get("/admin/snippets/cms/session/").content.decode()
    assert "Trang 1/1" in client.get("/admin/pages/").content.decode()


def test_a_failed_save_is_reported_in_vietnamese(client, db):
    from cms.models import Edition, Room

    edition = Edition.objects.create(year=2031, name="Hội thảo 2031", name_en="Conference 2031",
                                     start_date="2031-10-25", end_date="2031-10-25")
    room = Room.objects.create(edition=edition, name="Hội trường A")
    client = _organiser(client)
    response = client.post(f"/admin/snippets/cms/room/edit/{room.pk}/", {"name": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be saved" not in html
    assert "Không thể lưu phòng do có lỗi." in html


# Wagtail templates with English written into them rather than through gettext: our copies in
# templates/ put it through gettext. When a Wagtail upgrade changes the original, this fails:
# copy the new original again and reapply the replacements.
OVERRIDDEN = {
    "wagtailadmin/home.html": [('value="Search"', "value=\"{% trans 'Search' %}\"")],
    "wagtailadmin/shared/header.html": [('value="Search"', "value=\"{% trans 'Search' %}\"")],
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}\n", "{% load i18n %}{# Actions divider #}\n"),
        ('aria-label="Actions"', "aria-label=\"{% trans 'Actions' %}\""),
    ],
    "wagtailadmin/tables/boolean_cell.html": [
        ("{% load wagtailadmin_tags %}", "{% load i18n wagtailadmin_tags %}"),
        ("{% icon title=value|stringformat:'s' name=\"help\"",
         '{% trans "Unknown" as unknown %}{% icon title=unknown name="help"'),
        ("{% icon title=value|stringformat:'s' name=\"check\"",
         '{% trans "Yes" as yes %}{% icon title=yes name="check"'),
        ("{% icon title=value|stringformat:'s' name=\"cross\"",
         '{% trans "No" as no %}{% icon title=no name="cross"'),
    ],
}
OVERRIDE_NOTE = ("{# Wagtail 8.0.1's template, its hard-coded English put through gettext "
                 "(see tests/cms/test_wagtail_vietnamese.py). #}\n")


@pytest.mark.parametrize("name", OVERRIDDEN)
def test_our_copies_of_wagtail_templates_differ_only_by_gettext(name, settings):
    from pathlib import Path

    import wagtail.admin

    original = (Path(wagtail.admin.__file__).parent / "templates" / name).read_text()
    for english, translated in OVERRIDDEN[name]:
        assert original.count(english) == 1, f"Wagtail's {name} changed: copy it again"
        original = original.replace(english, translated)
    ours = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    assert ours == OVERRIDE_NOTE + original
