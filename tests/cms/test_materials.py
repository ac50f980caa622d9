"""Session materials: slides (PDF checked by content), livestream and recording links, on the
session page, on the venue screens, in the frab exports and in iCal."""

import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from cms.enums import MaterialKind
from cms.forms import SessionMaterialForm
from cms.models import SessionMaterial

SCHEMAS = Path(__file__).parent / "schemas"
HIT_HEADER = "X-Page-Cache"


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def material_form(**kwargs):
    """The form the Wagtail admin builds for a material (panels on SessionMaterialForm)."""
    from wagtail.admin.panels import ObjectList

    handler = ObjectList(SessionMaterial.panels, base_form_class=SessionMaterialForm)
    return handler.bind_to_model(SessionMaterial).get_form_class()(**kwargs)


def add_materials(session):
    slides = SessionMaterial(session=session, kind=MaterialKind.SLIDES,
                             title="Bài trình bày", title_en="Slides")
    slides.file.save("slides.pdf", ContentFile(pdf_bytes()), save=False)
    slides.save()
    stream = SessionMaterial.objects.create(session=session, kind=MaterialKind.LIVESTREAM,
                                            url="https://live.example.vn/hoi-truong",
                                            title="Phát trực tiếp", sort_order=1)
    recording = SessionMaterial.objects.create(session=session, kind=MaterialKind.RECORDING,
                                               url="https://video.example.vn/ghi-hinh-1",
                                               sort_order=2)
    return slides, stream, recording


@pytest.fixture
def keynote(edition, hall, theme, speaker, make_session):
    session = make_session(title="Đà Nẵng thông minh", title_en="Smart Da Nang",
                           start="08:45", end="09:15", room=hall, themes=[theme],
                           speakers=[speaker], kind="keynote")
    make_session(title="Giải lao", start="10:00", end="10:20", kind="break")
    return session


def test_frab_xml_valid_with_attachments_and_links(client, keynote, agenda_site):
    slides, stream, recording = add_materials(keynote)
    response = client.get(reverse("cms_api:schedule_xml", args=[2024]))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    event = document.find(f".//event[@guid='{keynote.guid}']")
    attachments = event.findall("attachments/attachment")
    assert [(a.get("type"), a.text) for a in attachments] == [("slides", "Bài trình bày")]
    assert attachments[0].get("href").endswith(f"/materials/{slides.pk}/slides.pdf")
    assert attachments[0].get("href").startswith("http")
    links = event.findall("links/link")
    assert [(link.get("href"), link.get("type")) for link in links] == [
        ("https://live.example.vn/hoi-truong", "media"),
        ("https://video.example.vn/ghi-hinh-1", "media")]
    assert links[1].text == "Ghi hình"  # no title: the kind, in the visitor's language


def test_frab_json_valid_with_attachments_and_links(client, keynote, agenda_site):
    add_materials(keynote)
    data = client.get(reverse("cms_api:schedule_json", args=[2024]) + "?lang=en").json()
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    validator = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)] == []
    events = [e for day in data["schedule"]["conference"]["days"]
              for room in day["rooms"].values() for e in room]
    event = next(e for e in events if e["guid"] == str(keynote.guid))
    assert [(a["type"], a["title"]) for a in event["attachments"]] == [("slides", "Slides")]
    assert [(link["type"], link["url"], link["title"]) for link in event["links"]] == [
        ("media", "https://live.example.vn/hoi-truong", "Phát trực tiếp"),
        ("media", "https://video.example.vn/ghi-hinh-1", "Recording")]
    other = next(e for e in events if e["guid"] != str(keynote.guid))
    assert other["links"] == [] and other["attachments"] == []


def test_ical_carries_the_session_url_and_the_materials(client, keynote, agenda_site):
    slides, stream, _recording = add_materials(keynote)
    body = client.get(reverse("cms_api:agenda_ics", args=[2024])).content.decode()
    unfolded = body.replace("\r\n ", "")
    event = unfolded.split("BEGIN:VEVENT")[1]
    assert f"URL:http://testserver/agenda/sessions/{keynote.pk}/\r\n" in event
    assert "ATTACH;FMTTYPE=application/pdf:http" in event
    assert f"/materials/{slides.pk}/slides.pdf" in event
    assert "ATTACH:https://live.example.vn/hoi-truong" in event
    assert "Phát trực tiếp: https://live.example.vn/hoi-truong" in event  # in DESCRIPTION too
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_session_page_and_now_and_next_show_materials(client, keynote, agenda_site):
    slides, _stream, _recording = add_materials(keynote)
    page = client.get(f"/agenda/sessions/{keynote.pk}/").text
    assert f'href="/materials/{slides.pk}/slides.pdf"' in page
    assert 'href="https://live.example.vn/hoi-truong"' in page
    assert "Ghi hình" in page
    english = client.get(f"/en/agenda/sessions/{keynote.pk}/").text
    assert ">Slides<" in english and "Recording" in english
    now = client.get("/agenda/now/", {"at": "2024-10-25T09:00"}).text
    assert 'href="https://live.example.vn/hoi-truong"' in now


def test_publishing_a_material_refreshes_the_cached_session_page(client, keynote, agenda_site):
    url = f"/agenda/sessions/{keynote.pk}/"
    client.get(url)
    assert client.get(url).headers.get(HIT_HEADER) == "hit"
    SessionMaterial.objects.create(session=keynote, kind=MaterialKind.RECORDING,
                                   url="https://video.example.vn/moi")
    fresh = client.get(url)
    assert fresh.headers.get(HIT_HEADER) != "hit"
    assert "https://video.example.vn/moi" in fresh.text


def test_slides_are_served_only_for_live_sessions(client, keynote, make_session):
    slides, _stream, _recording = add_materials(keynote)
    response = client.get(reverse("cms_api:material_file", args=[slides.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    draft = make_session(title="Nháp", start="13:00", end="13:30", publish=False)
    hidden = SessionMaterial(session=draft, kind=MaterialKind.SLIDES)
    hidden.file.save("x.pdf", ContentFile(pdf_bytes()), save=False)
    hidden.save()
    assert client.get(reverse("cms_api:material_file", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("cms_api:material_file", args=[999999])).status_code == 404


@pytest.mark.parametrize("content", [
    b"<html><script>alert(1)</script></html>",
    b"MZ\x90\x00\x03\x00\x00\x00 this is a program",
    b"%PDF-1.7\n garbage that does not parse",
])
def test_admin_form_refuses_a_non_pdf_disguised_as_pdf(keynote, content):
    upload = SimpleUploadedFile("slides.pdf", content, content_type="application/pdf")
    form = material_form(
        data={"session": keynote.pk, "kind": "slides", "title": "", "title_en": "", "url": "",
              "sort_order": 0},
        files={"file": upload}, instance=SessionMaterial())
    assert not form.is_valid()
    assert "file" in form.errors


def test_admin_form_refuses_an_image_as_slides(keynote):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, format="PNG")
    upload = SimpleUploadedFile("slides.pdf", out.getvalue(), content_type="application/pdf")
    form = material_form(
        data={"session": keynote.pk, "kind": "slides", "url": "", "sort_order": 0},
        files={"file": upload}, instance=SessionMaterial())
    assert not form.is_valid()
    assert "PDF" in str(form.errors["file"])


def test_admin_form_accepts_a_real_pdf(keynote):
    upload = SimpleUploadedFile("anything.bin", pdf_bytes(2), content_type="application/x")
    form = material_form(
        data={"session": keynote.pk, "kind": "slides", "url": "", "sort_order": 0},
        files={"file": upload}, instance=SessionMaterial())
    assert form.is_valid(), form.errors
    material = form.save()
    assert material.file.name.endswith(".pdf")


def test_a_material_is_a_file_or_an_address_not_both(keynote):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SessionMaterial(session=keynote, kind=MaterialKind.LIVESTREAM).full_clean()


def test_demo_sessions_have_materials(demo):
    from cms.materials import check_slides
    from cms.models import Edition

    edition = Edition.objects.get(year=2024)
    materials = SessionMaterial.objects.filter(session__edition=edition)
    kinds = set(materials.values_list("kind", flat=True))
    assert kinds == {"slides", "livestream", "recording"}
    slides = materials.filter(kind="slides").first()
    with slides.file.open("rb") as handle:
        assert check_slides(handle).content_type == "application/pdf"
    count = materials.count()
    from cms.demo_materials import load

    load()
    assert materials.count() == count  # safe to run again
