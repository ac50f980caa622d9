"""Messages to delegates (issue #16 item 1): a segment reaches exactly the right people, once,
in their language, through the outbox; a scheduled message goes out at its time and not before;
placeholders are filled (escaped in HTML only); organisers compose and preview in the admin."""

import datetime
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from checkin.services import perform_scan
from cms.models import Session, StarredSession
from conference.accounts.roles import ORGANIZER, REGISTRATION_DESK, sync_roles
from conference.common.models import AuditEntry, OutboxMessage
from conference.messaging.enums import BroadcastStatus
from conference.messaging.forms import BroadcastForm
from conference.messaging.models import Broadcast, BroadcastRecipient
from conference.messaging.segments import segment_recipients
from conference.messaging.services import (
    cancel_broadcast,
    save_broadcast,
    schedule_broadcast,
    send_broadcast,
    send_due_broadcasts,
)
from conference.registration.enums import RegistrationStatus

pytestmark = pytest.mark.django_db

BODY_VI = "Kính gửi {name},\nXe đưa đón khởi hành lúc 7:00. Thẻ của bạn: {badge_link}"
BODY_EN = "Dear {name},\nThe shuttle leaves at 7:00. Your badge: {badge_link}"


@pytest.fixture
def organiser(user_factory):
    sync_roles()
    user = user_factory(email="btc@govconf.vn")
    user.groups.add(Group.objects.get(name=ORGANIZER))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def people(edition, attendee_factory, category_factory, point_factory, device_factory,
           user_factory):
    """Six attendees; the segment "delegates of Bộ Tài chính" selects exactly lan and john."""
    delegates = category_factory(name="Đại biểu", name_en="Delegates")
    press = category_factory(name="Báo chí", name_en="Press")
    ministry = "Bộ Tài chính"
    lan = attendee_factory("Lê & <Bà> Lan", category=delegates, organisation=ministry,
                           email="lan@mof.gov.vn", language="vi")
    john = attendee_factory("John Smith", category=delegates, organisation="Bo Tai Chinh",
                            email="john@mof.gov.vn", language="en")
    attendee_factory("Trần Báo Chí", category=press, organisation=ministry,
                     email="bao@vnexpress.net")
    attendee_factory("Chờ Duyệt", category=delegates, organisation=ministry,
                     status=RegistrationStatus.PENDING_APPROVAL, badge=False,
                     email="cho@mof.gov.vn")
    attendee_factory("Đã Hủy", category=delegates, organisation=ministry,
                     status=RegistrationStatus.CANCELLED, badge=False, email="huy@mof.gov.vn")
    # The same person registered twice (a second registration by a colleague): one email.
    attendee_factory("Lê Thị Lan", category=delegates, organisation=ministry,
                     email="LAN@mof.gov.vn", language="vi")
    other = attendee_factory("Sở Khác", category=delegates, organisation="Sở TT&TT Huế",
                             email="hue@stttt.vn")
    main = point_factory(name="Cửa chính")
    device = device_factory()
    perform_scan(code=lan.badge.code, point=main, device=device, nonce="nonce0001")
    start = timezone.make_aware(datetime.datetime(2024, 10, 25, 9, 0))
    session = Session.objects.create(edition=edition, title="Chuyển đổi số", start=start,
                                     end=start + timedelta(hours=1))
    fan = user_factory(email="hue@stttt.vn")
    StarredSession.objects.create(user=fan, session=session)
    return {"delegates": delegates, "press": press, "lan": lan, "john": john, "other": other,
            "main": main, "session": session}


def compose(edition, by, **segment):
    return save_broadcast(edition=edition, by=by, subject="Xe đưa đón cho {name}",
                          subject_en="Shuttle for {name}", body=BODY_VI, body_en=BODY_EN,
                          segment=segment)


def emails(broadcast):
    return sorted(broadcast.recipients.values_list("email", flat=True))


def test_segments_select_by_category_state_organisation_checkin_and_star(edition, people):
    d, main = people["delegates"], people["main"]
    pick = lambda **seg: sorted(r.email for r in segment_recipients(edition, seg))  # noqa: E731
    assert pick(categories=[d.pk], organisation="bo tai chinh") == [
        "john@mof.gov.vn", "lan@mof.gov.vn"]
    assert pick(categories=[d.pk], statuses=["pending_approval"]) == ["cho@mof.gov.vn"]
    assert pick(organisation="BỘ TÀI CHÍNH", categories=[people["press"].pk]) == [
        "bao@vnexpress.net"]
    assert pick(point=main.pk, checked_in="yes") == ["lan@mof.gov.vn"]
    # Lan's second registration (same address) was never scanned: that attendee counts.
    assert pick(point=main.pk, checked_in="no") == [
        "bao@vnexpress.net", "hue@stttt.vn", "john@mof.gov.vn", "lan@mof.gov.vn"]
    assert [r.name for r in segment_recipients(edition, {"point": main.pk, "checked_in": "no"})
            if r.email == "lan@mof.gov.vn"] == ["Lê Thị Lan"]
    assert pick(session=people["session"].pk) == ["hue@stttt.vn"]
    # Languages come from each attendee.
    langs = {r.email: r.language for r in segment_recipients(edition, {"categories": [d.pk]})}
    assert langs["john@mof.gov.vn"] == "en" and langs["lan@mof.gov.vn"] == "vi"
    # An audience nobody registered is empty, not an error.
    assert pick(audience="no_such_audience") == []


def test_invited_but_not_answered(edition, people, organiser, django_capture_on_commit_callbacks):
    from conference.invitations.models import Invitation

    deadline = timezone.now() + timedelta(days=7)
    d = people["delegates"]
    for n, (status, email, language) in enumerate([
        ("sent", "thu.truong@mof.gov.vn", "vi"), ("opened", "ambassador@embassy.org", "en"),
        ("accepted", "da.nhan@mof.gov.vn", "vi"), ("declined", "tu.choi@mof.gov.vn", "vi"),
        ("drafted", "chua.gui@mof.gov.vn", "vi"),
    ]):
        Invitation.objects.create(edition=edition, category=d, status=status, email=email,
                                  honorific="Ông", full_name=f"Khách mời {n}",
                                  organisation="Bộ Tài chính", language=language,
                                  deadline=deadline, public_id=f"INV{n:05d}")
    segment = {"audience": "invited_unanswered"}
    recipients = segment_recipients(edition, segment)
    assert sorted((r.email, r.language) for r in recipients) == [
        ("ambassador@embassy.org", "en"), ("thu.truong@mof.gov.vn", "vi")]
    assert [r.name for r in recipients if r.language == "vi"] == ["Ông Khách mời 0"]
    assert segment_recipients(edition, {**segment, "categories": [people["press"].pk]}) == []
    broadcast = compose(edition, organiser, **segment)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_broadcast(broadcast=broadcast, by=organiser)
    assert sorted(OutboxMessage.objects.filter(template="messaging/broadcast")
                  .values_list("to", flat=True)) == ["ambassador@embassy.org",
                                                     "thu.truong@mof.gov.vn"]


def test_message_reaches_exactly_the_segment_once_in_each_language(
    edition, people, organiser, django_capture_on_commit_callbacks
):
    broadcast = compose(edition, organiser, categories=[people["delegates"].pk],
                        organisation="bộ tài chính")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_broadcast(broadcast=broadcast, by=organiser)
    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.SENT
    assert broadcast.recipient_count == 2
    assert emails(broadcast) == ["john@mof.gov.vn", "lan@mof.gov.vn"]
    sent = {m.to: m for m in OutboxMessage.objects.filter(template="messaging/broadcast")}
    assert set(sent) == {"john@mof.gov.vn", "lan@mof.gov.vn"}
    lan, john = sent["lan@mof.gov.vn"], sent["john@mof.gov.vn"]
    assert (lan.language, john.language) == ("vi", "en")
    assert lan.subject == "Xe đưa đón cho Lê & <Bà> Lan"
    assert john.subject == "Shuttle for John Smith"
    # Plain text as typed; HTML escaped.
    assert "Kính gửi Lê & <Bà> Lan," in lan.body_text
    assert "Kính gửi Lê &amp; &lt;Bà&gt; Lan," in lan.body_html
    assert "<Bà>" not in lan.body_html
    assert "Dear John Smith," in john.body_text and "Kính gửi" not in john.body_text
    # Each gets the link to their own badge.
    assert "/badge/" in lan.body_text or "badges" in lan.body_text
    lan_link = lan.body_text.split("Thẻ của bạn: ")[1].split()[0]
    john_link = john.body_text.split("Your badge: ")[1].split()[0]
    assert lan_link.startswith("http") and john_link.startswith("http") and lan_link != john_link
    assert f'href="{lan_link}"' in lan.body_html

    # Recomputing the segment (a worker restarted mid-send, a new matching registration since)
    # sends nothing twice; only the newcomer gets it.
    Broadcast.objects.filter(pk=broadcast.pk).update(status=BroadcastStatus.SENDING)
    people["other"].organisation = "Bộ Tài chính"
    people["other"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_broadcast(broadcast_id=broadcast.pk) == 1
        assert send_broadcast(broadcast_id=broadcast.pk) == 0
        assert send_due_broadcasts(now=timezone.now() + timedelta(days=1)) == 0
    assert OutboxMessage.objects.filter(template="messaging/broadcast").count() == 3
    assert emails(broadcast) == ["hue@stttt.vn", "john@mof.gov.vn", "lan@mof.gov.vn"]
    assert list(AuditEntry.objects.filter(object_type="messaging.broadcast")
                .values_list("action", flat=True).order_by("pk"))[:3] == [
        "messaging.saved", "messaging.scheduled", "messaging.sent"]


def test_the_database_refuses_a_second_copy_to_one_address(edition, organiser):
    from django.db import IntegrityError, transaction

    broadcast = compose(edition, organiser)
    BroadcastRecipient.objects.create(broadcast=broadcast, email="an@example.vn")
    with pytest.raises(IntegrityError), transaction.atomic():
        BroadcastRecipient.objects.create(broadcast=broadcast, email="AN@example.vn")


def test_scheduled_message_goes_out_at_its_time_and_not_before(
    edition, people, organiser, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(hours=2)
    broadcast = compose(edition, organiser, categories=[people["delegates"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        schedule_broadcast(broadcast=broadcast, by=organiser, send_at=at)
    broadcast.refresh_from_db()
    assert (broadcast.status, broadcast.send_at) == (BroadcastStatus.SCHEDULED, at)
    assert send_due_broadcasts(now=at - timedelta(seconds=1)) == 0
    assert send_broadcast(broadcast_id=broadcast.pk, now=at - timedelta(minutes=1)) == 0
    assert not OutboxMessage.objects.filter(template="messaging/broadcast").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_broadcasts(now=at) == 3
    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.SENT
    assert OutboxMessage.objects.filter(template="messaging/broadcast").count() == 3


def test_a_cancelled_message_is_never_sent(edition, people, organiser,
                                           django_capture_on_commit_callbacks):
    at = timezone.now() + timedelta(hours=2)
    broadcast = compose(edition, organiser)
    schedule_broadcast(broadcast=broadcast, by=organiser, send_at=at)
    cancel_broadcast(broadcast=broadcast, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_broadcasts(now=at + timedelta(hours=1)) == 0
    assert not OutboxMessage.objects.filter(template="messaging/broadcast").exists()
    from conference.messaging.exceptions import MessagingError

    with pytest.raises(MessagingError):
        schedule_broadcast(broadcast=broadcast, by=organiser)


def test_the_form_refuses_unknown_placeholders(edition):
    form = BroadcastForm({"subject": "Tin", "body": "Chào {ten}", "audience": "attendees"},
                         edition=edition)
    assert not form.is_valid()
    assert "{ten}" in str(form.errors["body"]) and "{name}" in str(form.errors["body"])


def test_organiser_composes_previews_and_sends_in_the_admin(
    client, edition, people, organiser, user_factory, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    response = client.post("/admin/messages/new/", {
        "subject": "Đổi phòng", "subject_en": "Room change",
        "body": "Kính gửi {name}, phiên chiều chuyển sang phòng B.",
        "body_en": "Dear {name}, the afternoon session moves to room B.",
        "audience": "attendees", "categories": [people["delegates"].pk],
        "organisation": "tai chinh", "checked_in": "",
    })
    assert response.status_code == 302
    broadcast = Broadcast.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "2" in page and "John Smith" in page and "Dear John Smith" in page
    assert "Kính gửi Lê &amp; &lt;Bà&gt; Lan" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/admin/messages/{broadcast.pk}/send/", {"send_at": ""}) \
            .status_code == 302
    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.SENT
    record = client.get(f"/admin/messages/{broadcast.pk}/").content.decode()
    assert "john@mof.gov.vn" in record and "lan@mof.gov.vn" in record
    # Bad input: a time in the past, an unknown id, a foreign user.
    assert client.post("/admin/messages/new/", {"subject": "", "body": "x\x00"}).status_code \
        in (400, 200)
    assert client.get("/admin/messages/999999/").status_code == 404
    sync_roles()
    desk = user_factory(email="desk@govconf.vn")
    desk.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    client.force_login(desk)
    assert client.get("/admin/messages/").status_code in (302, 403)
    assert client.post(f"/admin/messages/{broadcast.pk}/cancel/").status_code in (302, 403)
    assert client.get("/admin/messages/new/").status_code in (302, 403)
