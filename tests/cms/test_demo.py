from django.core.management import call_command
from wagtail.models import Page

from cms.models import Edition, EditionPage, HomePage


def test_load_demo_is_idempotent(demo):
    counts = (Page.objects.count(), Edition.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), Edition.objects.count()) == counts
    assert Edition.objects.get(is_current=True).year == 2024
    assert HomePage.objects.count() == 2  # Vietnamese and English
    assert set(EditionPage.objects.values_list("locale__language_code", flat=True)) == {"vi", "en"}


def test_home_page_in_both_languages(client, demo):
    vi = client.get("/")
    en = client.get("/en/")
    assert vi.status_code == en.status_code == 200
    assert 'lang="vi"' in vi.text and "Hội thảo Quốc gia về Chính phủ số 2024" in vi.text
    assert "25/10/2024" in vi.text
    assert 'lang="en"' in en.text and "National Conference on Digital Government 2024" in en.text
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/"' in vi.text
