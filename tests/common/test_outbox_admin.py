"""The outbox as staff see it (issue #12 item 7): retries for three days at the six-hour cap,
addresses flagged on hard bounce or complaint (through the provider's tracking webhook), the
admin listing with filters and resend, the dashboard alert, and the read-only audit log."""

import base64
import json
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from conference.accounts.roles import ORGANIZER, REGISTRATION_DESK, sync_roles
from conference.common.enums import OutboxStatus
from conference.common.models import AuditEntry, EmailSuppression, OutboxMessage
from conference.common.services import (
    clear_address_flag,
    queue_rendered_email,
    record_audit,
    retry_due_messages,
)

from .test_outbox import POSTMARK_DOWN, POSTMARK_OK

pytestmark = pytest.mark.django_db

WEBHOOK = "/anymail/postmark/tracking/"
AUTH = "Basic " + base64.b64encode(b"hook:s3cret").decode()


def staff(user_factory, role, email):
    sync_roles()
    user = user_factory(email=email)
    user.groups.add(Group.objects.get(name=role))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def organiser(user_factory):
    return staff(user_factory, ORGANIZER, "btc@govconf.vn")


@pytest.fixture
def desk(user_factory):
    return staff(user_factory, REGISTRATION_DESK, "desk@govconf.vn")


def queue(to="an@example.vn", **fields):
    return queue_rendered_email(to=to, subject=fields.pop("subject", "Xác nhận đăng ký"),
                                body_text="Cảm ơn bạn.\n", **fields)


def post_event(client, payload):
    return client.post(WEBHOOK, json.dumps(payload), content_type="application/json",
                       HTTP_AUTHORIZATION=AUTH)


def ok(to, message_id=POSTMARK_OK["MessageID"]):
    return (200, {**POSTMARK_OK, "To": to, "MessageID": message_id})


def bounce(message_id, email, kind="HardBounce"):
    return {"RecordType": "Bounce", "ID": 42, "Type": kind, "TypeCode": 1,
            "MessageID": message_id, "Description": "unknown user", "Details": "smtp;550 5.1.1",
            "Email": email, "BouncedAt": "2024-10-20T10:05:00Z", "Inactive": True}


# --- Retries ------------------------------------------------------------------------------

def test_an_outage_is_retried_at_the_six_hour_cap_for_three_days(
    postmark, settings, django_capture_on_commit_callbacks
):
    """Old code: marked failed after 8 attempts, about two hours into the outage."""
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    api = postmark(*[(500, POSTMARK_DOWN)] * 40)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    start = message.queued_at
    gaps = []
    while True:
        due = message.next_attempt_at
        assert retry_due_messages(now=due) == 0
        previous = due
        message.refresh_from_db()
        if message.status != OutboxStatus.QUEUED:
            break
        gaps.append(message.next_attempt_at - previous)
        assert len(gaps) < 40
    # Given up only once it had been tried for three days, and the last gaps were six hours.
    assert message.status == OutboxStatus.FAILED
    assert previous - start >= timedelta(days=3)
    assert previous - start < timedelta(days=3, hours=7)
    assert all(abs(gap - timedelta(hours=6)) < timedelta(seconds=5) for gap in gaps[-8:])
    # The backoff reaches its cap within nine hours: about ten tries a day after that.
    assert sum((gap for gap in gaps if gap < timedelta(hours=6)), timedelta()) < timedelta(hours=9)
    assert message.attempts >= 18
    assert len(api.requests) == message.attempts


def test_provider_back_after_two_days_sends_the_message(postmark, settings,
                                                        django_capture_on_commit_callbacks):
    api = postmark(*[(500, POSTMARK_DOWN)] * 14, (200, POSTMARK_OK))
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    now = timezone.now()
    for hour in range(0, 60, 1):
        retry_due_messages(now=now + timedelta(hours=hour))
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [status for *_, status in api.requests][-1] == 200


# --- Flags --------------------------------------------------------------------------------

def test_hard_bounce_flags_the_address_and_nothing_more_is_sent_until_cleared(
    client, postmark, settings, organiser, django_capture_on_commit_callbacks
):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "hook:s3cret"}
    api = postmark(ok("Sai@Example.vn"), ok("dung@example.vn", "m-2"), ok("sai@example.vn", "m-3"))
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(to="Sai@Example.vn")
    first.refresh_from_db()
    assert first.status == OutboxStatus.SENT

    assert post_event(client, bounce(POSTMARK_OK["MessageID"], "sai@example.vn")).status_code \
        == 200
    first.refresh_from_db()
    assert first.status == OutboxStatus.BOUNCED
    flag = EmailSuppression.objects.get()
    assert (flag.email, flag.reason, flag.message_id, flag.cleared_at) == (
        "sai@example.vn", "bounced", first.pk, None)
    # The same bounce reported twice keeps one flag.
    post_event(client, bounce(POSTMARK_OK["MessageID"], "sai@example.vn"))
    assert EmailSuppression.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        second = queue(to="SAI@example.vn")
    second.refresh_from_db()
    assert second.status == OutboxStatus.SUPPRESSED
    assert second.attempts == 0
    assert len(api.requests) == 1
    # Other addresses are not affected.
    with django_capture_on_commit_callbacks(execute=True):
        other = queue(to="dung@example.vn")
    other.refresh_from_db()
    assert other.status == OutboxStatus.SENT

    assert clear_address_flag(flag=flag, by=organiser) is True
    assert clear_address_flag(flag=flag, by=organiser) is False
    with django_capture_on_commit_callbacks(execute=True):
        third = queue(to="sai@example.vn")
    third.refresh_from_db()
    assert third.status == OutboxStatus.SENT
    assert len(api.requests) == 3
    assert list(AuditEntry.objects.filter(object_type="common.emailsuppression")
                .values_list("action", flat=True).order_by("pk")) == [
        "email.address_flagged", "email.address_flag_cleared"]


def test_complaint_flags_the_address_and_a_soft_bounce_does_not(client, settings):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "hook:s3cret"}
    OutboxMessage.objects.create(to="spam@example.vn", subject="s", body_text="b",
                                 status=OutboxStatus.SENT, provider_message_id="m-1")
    OutboxMessage.objects.create(to="full@example.vn", subject="s", body_text="b",
                                 status=OutboxStatus.SENT, provider_message_id="m-2")
    complaint = {"RecordType": "SpamComplaint", "ID": 7, "Type": "SpamComplaint",
                 "TypeCode": 512, "MessageID": "m-1", "Email": "spam@example.vn",
                 "BouncedAt": "2024-10-20T10:05:00Z", "Description": "marked as spam"}
    assert post_event(client, complaint).status_code == 200
    assert post_event(client, bounce("m-2", "full@example.vn", kind="SoftBounce")
                      ).status_code == 200
    assert list(EmailSuppression.objects.values_list("email", "reason")) == [
        ("spam@example.vn", "complained")]


# --- Admin --------------------------------------------------------------------------------

@pytest.fixture
def outbox():
    now = timezone.now()
    failed = OutboxMessage.objects.create(
        to="that.bai@example.vn", subject="Thư mời", body_text="b", template="registration/x",
        status=OutboxStatus.FAILED, attempts=23, last_error="AnymailRequestsAPIError: 500 down",
        queued_at=now - timedelta(days=4))
    sent = OutboxMessage.objects.create(
        to="da.gui@example.vn", subject="Xác nhận", body_text="b", template="payments/y",
        status=OutboxStatus.SENT, attempts=1, sent_at=now)
    queued = OutboxMessage.objects.create(
        to="dang.cho@example.vn", subject="Nhắc", body_text="b", template="registration/x",
        status=OutboxStatus.QUEUED, attempts=2, next_attempt_at=now + timedelta(hours=1))
    return failed, sent, queued


def test_outbox_listing_filters_by_status_and_template_and_shows_the_error(
    client, desk, outbox, django_assert_max_num_queries
):
    failed, sent, queued = outbox
    client.force_login(desk)
    with django_assert_max_num_queries(25):
        response = client.get("/admin/outbox/")
    body = response.content.decode()
    assert response.status_code == 200
    assert all(m.to in body for m in outbox)
    body = client.get("/admin/outbox/", {"status": "failed"}).content.decode()
    assert failed.to in body and sent.to not in body and queued.to not in body
    assert "AnymailRequestsAPIError: 500 down" in body
    assert ">23<" in body.replace(" ", "").replace("\n", "")
    body = client.get("/admin/outbox/", {"template": "payments/y"}).content.decode()
    assert sent.to in body and failed.to not in body
    body = client.get("/admin/outbox/", {"q": "dang.cho"}).content.decode()
    assert queued.to in body and failed.to not in body
    inspect = client.get(f"/admin/outbox/inspect/{failed.pk}/").content.decode()
    assert "AnymailRequestsAPIError: 500 down" in inspect
    assert f"/admin/outbox-actions/resend/?id={failed.pk}" in inspect
    # The outbox is read-only: no add, edit or delete.
    assert client.get("/admin/outbox/new/").status_code in (302, 403, 404)
    assert client.get(f"/admin/outbox/edit/{failed.pk}/").status_code in (302, 403, 404)
    assert client.post(f"/admin/outbox/delete/{failed.pk}/").status_code in (302, 403, 404)
    assert OutboxMessage.objects.count() == 3


def test_resend_one_and_many(client, desk, outbox, postmark,
                             django_capture_on_commit_callbacks):
    failed, sent, queued = outbox
    api = postmark(ok(failed.to), ok(sent.to))
    client.force_login(desk)
    # Many: every undelivered message the filtered listing shows (not the sent one).
    page = client.get("/admin/outbox-actions/resend/", {"status": "failed"})
    assert page.status_code == 200
    assert failed.to in page.content.decode() and sent.to not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/outbox-actions/resend/?status=failed")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (OutboxStatus.SENT, 1, "")
    assert [event["type"] for event in failed.events] == ["resent"]
    # One, chosen: a sent message the delegate says never arrived; a queued one is left alone.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/outbox-actions/resend/?id={sent.pk}&id={queued.pk}")
    sent.refresh_from_db()
    queued.refresh_from_db()
    assert sent.status == OutboxStatus.SENT and sent.attempts == 1
    assert queued.attempts == 2 and queued.status == OutboxStatus.QUEUED
    assert [body["To"] for *_, body, _status in api.requests] == [failed.to, sent.to]
    audit = AuditEntry.objects.filter(action="email.resent").order_by("pk")
    assert [(e.object_id, e.actor_id) for e in audit] == [(str(failed.pk), desk.pk),
                                                         (str(sent.pk), desk.pk)]


def test_who_may_see_and_act(client, user_factory, desk, organiser, outbox):
    failed = outbox[0]
    flag = EmailSuppression.objects.create(email="x@example.vn", reason="bounced")
    nobody = user_factory(email="dai.bieu@example.vn")
    client.force_login(nobody)
    for url in ("/admin/outbox/", "/admin/audit-log/", "/admin/outbox/flags/"):
        assert client.get(url).status_code in (302, 403)
    assert client.post(f"/admin/outbox-actions/resend/?id={failed.pk}").status_code in (302, 403)
    assert client.post(f"/admin/outbox-actions/flags/{flag.pk}/clear/").status_code in (302, 403)
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED
    # The desk resends but neither clears flags nor reads the audit log.
    client.force_login(desk)
    assert client.get("/admin/outbox/flags/").status_code == 200
    assert client.post(f"/admin/outbox-actions/flags/{flag.pk}/clear/").status_code in (302, 403)
    assert client.get("/admin/audit-log/").status_code in (302, 403)
    flag.refresh_from_db()
    assert flag.cleared_at is None
    client.force_login(organiser)
    page = client.get(f"/admin/outbox-actions/flags/{flag.pk}/clear/")
    assert page.status_code == 200
    assert client.post(f"/admin/outbox-actions/flags/{flag.pk}/clear/").status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_by == organiser
    # Clearing twice changes nothing and is no error.
    assert client.post(f"/admin/outbox-actions/flags/{flag.pk}/clear/").status_code == 302


def test_dashboard_counts_undelivered_emails(client, desk, outbox):
    client.force_login(desk)
    body = client.get("/admin/").content.decode()
    assert "undelivered-emails-heading" in body
    assert "/admin/outbox/?status=failed" in body
    OutboxMessage.objects.filter(status=OutboxStatus.FAILED).update(status=OutboxStatus.SENT)
    assert "undelivered-emails-heading" not in client.get("/admin/").content.decode()


# --- Audit log ----------------------------------------------------------------------------

def test_audit_log_lists_filters_and_is_read_only(client, organiser, desk,
                                                  django_assert_max_num_queries):
    target = OutboxMessage.objects.create(to="a@example.vn", subject="s", body_text="b")
    record_audit(action="checkin.scan", obj=target, actor=desk, device="Cổng chính · iPad 3",
                 ip_address="203.0.113.9", data={"point": "main"})
    record_audit(action="registration.approved", obj=target, actor=organiser)
    for n in range(20):
        record_audit(action="registration.approved", obj=target, actor=desk, device=f"d{n}")
    client.force_login(organiser)
    with django_assert_max_num_queries(25):
        response = client.get("/admin/audit-log/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cổng chính · iPad 3" in body and "desk@govconf.vn" in body

    def listing(**params):
        body = client.get("/admin/audit-log/", params).content.decode()
        return body[body.index("<table"):]

    body = listing(action="checkin.scan")
    assert "Cổng chính · iPad 3" in body and "btc@govconf.vn" not in body
    body = listing(actor="btc@")
    assert "btc@govconf.vn" in body and "iPad 3" not in body
    body = listing(device="ipad")
    assert "iPad 3" in body and "d19" not in body
    entry = AuditEntry.objects.get(action="checkin.scan")
    inspect = client.get(f"/admin/audit-log/inspect/{entry.pk}/").content.decode()
    assert "203.0.113.9" in inspect and "&quot;point&quot;: &quot;main&quot;" in inspect
    assert client.get("/admin/audit-log/new/").status_code in (302, 403, 404)
    assert client.post(f"/admin/audit-log/delete/{entry.pk}/").status_code in (302, 403, 404)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    # Bad filter input is an empty or corrected listing, not an error.
    for params in ({"created_at_from": "31/02/2024"}, {"action": "x" * 300}, {"q": "ü" * 50}):
        assert client.get("/admin/audit-log/", params).status_code == 200
