"""The invitee's answer page, through the private link."""

import pytest
from django.urls import reverse
from django.utils import translation

from conference.invitations import services
from conference.invitations.links import link_token
from conference.registration.models import Registration
from conference.registration.queries import seats_taken

from ..registration.factories import make_category, make_edition, person
from .factories import invite, invite_organisation

pytestmark = pytest.mark.django_db


def url(invitation, language="vi"):
    with translation.override(language):
        return reverse("invitations:answer", kwargs={"token": link_token(invitation)})


def person_post(data, prefix="", **extra):
    post = {f"{prefix}{k}": v for k, v in data.items()}
    post.update(extra)
    return post


def delegates_post(people, **extra):
    data = {"form-TOTAL_FORMS": str(len(people)), "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "1", "form-MAX_NUM_FORMS": "1000", "action": "accept",
            "consent": "on"}
    for i, p in enumerate(people):
        for key, value in p.items():
            data[f"form-{i}-{key}"] = value
    data.update(extra)
    return data


def test_opening_the_link_marks_it_opened_and_is_never_cached(client):
    edition = make_edition()
    invitation = services.send_invitation(invitation=invite(make_category(edition)))
    response = client.get(url(invitation))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kính gửi Bà Trần Thị Mời" in body
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    invitation.refresh_from_db()
    assert invitation.status == "opened"
    en = client.get(url(invitation, "en"))
    assert "Dear Bà Trần Thị Mời" in en.content.decode()
    assert "Accept the invitation" in en.content.decode()


def test_forged_link_is_a_404_with_a_message(client):
    invitation = invite(make_category(make_edition()))
    response = client.get(reverse("invitations:answer",
                                  kwargs={"token": invitation.public_id + "-0000"}))
    assert response.status_code == 404
    assert "không hợp lệ" in response.content.decode()
    response = client.post(reverse("invitations:answer",
                                   kwargs={"token": invitation.public_id + "-0000"}),
                           {"action": "decline"})
    assert response.status_code == 404


def test_person_accepts_through_the_page(client):
    edition = make_edition()
    category = make_category(edition, quota=3)
    invitation = services.send_invitation(invitation=invite(category))
    data = person(full_name="Trần Thị Mời", email=invitation.email)
    missing_consent = client.post(url(invitation), person_post(data, action="accept"))
    assert missing_consent.status_code == 400
    assert Registration.objects.count() == 0
    response = client.post(url(invitation), person_post(data, action="accept", consent="on"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.attendees.get().full_name == "Trần Thị Mời"
    page = client.get(url(invitation)).content.decode()
    assert "Quý vị đã nhận lời mời này." in page
    again = client.post(url(invitation), person_post(data, action="accept", consent="on"))
    assert again.status_code == 409
    assert Registration.objects.count() == 1


def test_substitute_and_decline_through_the_page(client):
    edition = make_edition()
    category = make_category(edition, quota=3)
    first = services.send_invitation(invitation=invite(category))
    sub = person(full_name="Đỗ Văn Thay", email="thay@bo.gov.vn")
    response = client.post(url(first), person_post(sub, prefix="sub-", action="substitute",
                                                   **{"sub-consent": "on"}))
    assert response.status_code == 302
    assert Registration.objects.get().attendees.get().email == "thay@bo.gov.vn"
    second = services.send_invitation(invitation=invite(category))
    response = client.post(url(second), {"action": "decline", "reason": "Bận công tác"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "declined"
    assert seats_taken(category=category) == 1


def test_organisation_names_delegates_through_the_page_up_to_its_seats(client):
    edition = make_edition()
    category = make_category(edition, quota=10)
    invitation = services.send_invitation(invitation=invite_organisation(category, 2))
    page = client.get(url(invitation) + "?n=2").content.decode()
    assert page.count('name="form-') >= 2 * 5
    too_many = client.post(url(invitation), delegates_post([person(), person(), person()]))
    assert too_many.status_code == 400
    assert Registration.objects.count() == 0
    ok = client.post(url(invitation), delegates_post([person()]))
    assert ok.status_code == 302
    more = client.post(url(invitation), delegates_post([person(), person()]))
    assert more.status_code in (400, 409)
    assert "1" in more.content.decode()
    last = client.post(url(invitation), delegates_post([person()]))
    assert last.status_code == 302
    assert sum(r.quantity for r in Registration.objects.all()) == 2
    assert seats_taken(category=category) == 2
