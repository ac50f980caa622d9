"""The public registration pages and the attendee portal."""

import json

import pytest
from django.urls import reverse

from conference.common.models import OutboxMessage
from conference.registration import services
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Question, Registration

from .factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db


def attendee_post(people, prefix="a", **extra):
    data = {f"{prefix}-TOTAL_FORMS": str(len(people)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "1", f"{prefix}-MAX_NUM_FORMS": "20"}
    for i, p in enumerate(people):
        for key, value in p.items():
            data[f"{prefix}-{i}-{key}"] = value
    data.update(extra)
    return data


def test_start_page_lists_categories_with_seats(client):
    edition = make_edition()
    make_category(edition, name="Đại biểu doanh nghiệp", price_vnd=1_500_000, quota=3)
    full = make_category(edition, name="Báo chí", quota=1)
    services.start_registration(category=full, attendees=[person()], consent_version="1")
    response = client.get(reverse("registration:start"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đại biểu doanh nghiệp" in body and "1.500.000 ₫" in body
    assert "Còn trống: 3 chỗ" in body
    assert reverse("registration:waiting_list", kwargs={"code": full.code}) in body
    en = client.get("/en" + reverse("registration:start"))
    assert "1,500,000 ₫" in en.content.decode()


def test_start_page_is_kept_briefly_for_anonymous_visitors(client, settings, user_factory):
    """Registration day: a ministry's e-mail sends every province to this page at once. It is
    the same for every anonymous visitor, so it comes from the page cache, for a few seconds
    only (the seats left change with each registration; the form checks them under lock)."""
    edition = make_edition()
    category = make_category(edition, name="Đại biểu", quota=3)
    first = client.get(reverse("registration:start"))
    second = client.get(reverse("registration:start"))
    assert first.headers.get("X-Page-Cache") == "miss"
    assert second.headers.get("X-Page-Cache") == "hit"
    assert second.content == first.content
    directives = {d.strip() for d in second["Cache-Control"].split(",")}
    seconds = settings.REGISTRATION_START_CACHE_SECONDS
    assert 0 < seconds <= 30
    assert {"public", f"max-age={seconds}", f"stale-while-revalidate={seconds}"} <= directives
    # Someone logged in never gets the kept copy: their page counts the seat just taken.
    services.start_registration(category=category, attendees=[person()], consent_version="1")
    user_factory(email="an@example.com", password="a-Strong-passw0rd")
    client.login(email="an@example.com", password="a-Strong-passw0rd")
    personal = client.get(reverse("registration:start"))
    assert personal.headers.get("X-Page-Cache") is None
    assert "Còn trống: 2 chỗ" in personal.content.decode()
    assert {"private", "no-store"} <= {d.strip() for d in personal["Cache-Control"].split(",")}


def test_free_flow_to_confirmation(client):
    edition = make_edition()
    category = make_category(edition)
    Question.objects.create(category=category, key="gala", label="Dự tiệc tối?",
                            kind="yes_no", required=True)
    url = reverse("registration:details", kwargs={"code": category.code})
    assert client.get(url).status_code == 200
    response = client.post(url, attendee_post([{
        "full_name": "Nguyễn Thị Anh Thi", "email": "thi@example.vn", "language": "vi",
        "position": "Phó Giám đốc", "organisation": "Sở TT&TT", "q_gala": "yes"}]))
    assert response.status_code == 302
    review = response["Location"]
    page = client.get(review)
    assert "Nghị định 13/2023/NĐ-CP" in page.content.decode()
    # no consent: refused in Vietnamese
    refused = client.post(review, {})
    assert "Vui lòng đồng ý với việc xử lý dữ liệu cá nhân." in refused.content.decode()
    assert Registration.objects.count() == 0
    done = client.post(review, {"consent": "on"})
    registration = Registration.objects.get()
    assert done.status_code == 302 and registration.reference in done["Location"]
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.attendees.get().answers == {"gala": True}
    status_page = client.get(done["Location"])
    assert "Đã xác nhận" in status_page.content.decode() or \
        registration.get_status_display() in status_page.content.decode()
    # the status link needs its token
    bad = reverse("registration:status", kwargs={"reference": registration.reference,
                                                 "token": "x" * 20})
    assert client.get(bad).status_code == 404


def test_form_errors_are_in_vietnamese(client):
    edition = make_edition()
    category = make_category(edition)
    url = reverse("registration:details", kwargs={"code": category.code})
    response = client.post(url, attendee_post([{"full_name": "", "email": "khong-phai-email",
                                                "phone": "abc", "language": "vi"}]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in body
    assert "Nhập địa chỉ email." in body
    assert "Vui lòng nhập số điện thoại, ví dụ 0905 123 456." in body
    en = client.post("/en" + url, attendee_post([{"full_name": "", "email": "x",
                                                 "language": "en"}]))
    assert "This field is required." in en.content.decode()


def test_garbage_never_500(client):
    edition = make_edition()
    category = make_category(edition)
    url = reverse("registration:details", kwargs={"code": category.code})
    assert client.post(url, {"a-TOTAL_FORMS": "abc"}).status_code == 200
    assert client.post(url, attendee_post([person()] * 30)).status_code == 200
    assert client.get(url, {"n": "many"}).status_code == 200
    assert client.get(reverse("registration:details", kwargs={"code": "nope"})).status_code \
        == 404
    assert client.get(reverse("registration:offer", kwargs={"token": "garbage"})).status_code \
        == 404


def test_delegation_registers_several_people(client):
    edition = make_edition()
    category = make_category(edition, quota=10)
    url = reverse("registration:details", kwargs={"code": category.code})
    page = client.get(url, {"n": 3})
    assert page.content.decode().count('class="card attendee-form"') == 3
    people = [{"full_name": f"Đại biểu {i}", "email": f"db{i}@example.vn", "language": "vi"}
              for i in range(3)]
    response = client.post(url, attendee_post(people, contact_email="doan@example.vn"))
    client.post(response["Location"], {"consent": "on"})
    registration = Registration.objects.get()
    assert registration.quantity == 3
    assert registration.contact_email == "doan@example.vn"
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 3


def test_duplicate_registration_message_links_to_first(client):
    edition = make_edition()
    category = make_category(edition)
    first = services.start_registration(category=category, attendees=[person(5)],
                                        consent_version=consent(edition))
    url = reverse("registration:details", kwargs={"code": category.code})
    response = client.post(url, attendee_post([person(5)]))
    refused = client.post(response["Location"], {"consent": "on"})
    body = refused.content.decode()
    assert f"đã đăng ký tham dự hội thảo này (mã đăng ký {first.reference})" in body
    assert reverse("registration:portal") in body


def test_sold_out_shows_waiting_list_message(client):
    edition = make_edition()
    category = make_category(edition, quota=1)
    url = reverse("registration:details", kwargs={"code": category.code})
    response = client.post(url, attendee_post([person(1)]))
    review = response["Location"]
    services.start_registration(category=category, attendees=[person(2)], consent_version="1")
    body = client.post(review, {"consent": "on"}).content.decode()
    assert "đã hết chỗ" in body
    waiting = reverse("registration:waiting_list", kwargs={"code": category.code})
    client.post(waiting, {"full_name": "Lê Thị Chờ", "email": "cho@example.vn"})
    assert category.waiting_list.get().email == "cho@example.vn"


def test_rate_limit(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    edition = make_edition()
    category = make_category(edition, quota=50)
    url = reverse("registration:details", kwargs={"code": category.code})
    from django.core.cache import cache

    cache.clear()
    codes = []
    for i in range(4):
        review = client.post(url, attendee_post([person(600 + i)]))["Location"]
        response = client.post(review, {"consent": "on"})
        codes.append(response.status_code)
    assert codes == [302, 302, 200, 200]
    assert Registration.objects.count() == 2


def test_portal_shows_registrations_and_manages_them(client, user_factory):
    edition = make_edition()
    category = make_category(edition)
    user = user_factory(email="nguoi1@example.vn")
    registration = services.start_registration(category=category, attendees=[person(1)],
                                               consent_version="1")
    assert client.get(reverse("registration:portal")).status_code == 302  # login needed
    client.force_login(user)
    page = client.get(reverse("registration:portal"))
    assert registration.reference in page.content.decode()
    attendee = registration.attendees.get()
    edit = reverse("registration:edit_attendee", kwargs={"pk": attendee.pk})
    client.post(edit, {"full_name": "Nguyễn Văn Mới", "language": "en"})
    attendee.refresh_from_db()
    assert attendee.full_name == "Nguyễn Văn Mới" and attendee.language == "en"
    data = json.loads(client.get(reverse("registration:export_data")).content)
    assert data["registrations"][0]["full_name"] == "Nguyễn Văn Mới"
    client.post(reverse("registration:cancel", kwargs={"reference": registration.reference}),
                {"confirm": "on"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    client.post(reverse("registration:delete_data"), {"confirm": "on"})
    assert not type(user).objects.filter(pk=user.pk).exists()


def test_someone_elses_attendee_is_404(client, user_factory):
    edition = make_edition()
    registration = services.start_registration(category=make_category(edition),
                                               attendees=[person(1)], consent_version="1")
    client.force_login(user_factory(email="other@example.vn"))
    attendee = registration.attendees.get()
    assert client.get(reverse("registration:edit_attendee",
                              kwargs={"pk": attendee.pk})).status_code == 404
    assert client.get(reverse("registration:cancel",
                              kwargs={"reference": registration.reference})).status_code == 404


def test_waiting_list_offer_link_opens_the_form_and_registers(client):
    from datetime import timedelta

    from django.utils import timezone

    edition = make_edition()
    category = make_category(edition, quota=1)
    first = services.start_registration(category=category, attendees=[person(1)],
                                        consent_version="1")
    entry = services.join_waiting_list(category=category, full_name="Lê Thị Chờ",
                                       email="cho@example.vn")
    services.cancel_registration(registration=first, by=None)
    services.offer_waiting_list_seats(category=category)
    entry.refresh_from_db()
    token = services.offer_token(entry)
    response = client.get(reverse("registration:offer", kwargs={"token": token}))
    assert response.status_code == 302
    form = client.get(response["Location"])
    assert "Lê Thị Chờ" in form.content.decode()
    review = client.post(response["Location"], attendee_post([{
        "full_name": "Lê Thị Chờ", "email": "cho@example.vn", "language": "vi"}]))["Location"]
    client.post(review, {"consent": "on"})
    entry.refresh_from_db()
    assert entry.status == "accepted"
    assert entry.registration.status == RegistrationStatus.CONFIRMED
    type(entry).objects.filter(pk=entry.pk).update(
        status="offered", offer_expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(reverse("registration:offer", kwargs={"token": token}))
    assert expired.status_code == 410
    assert "Lời mời từ danh sách chờ đã hết hạn." in expired.content.decode()
