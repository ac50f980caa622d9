"""The email outbox: sent after commit through anymail, retried with backoff, status kept."""

import base64
import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from conference.common.enums import OutboxStatus
from conference.common.models import OutboxMessage
from conference.common.services import (
    deliver_message,
    queue_rendered_email,
    retry_delay,
    retry_due_messages,
)

POSTMARK_OK = {
    "To": "an@example.vn",
    "SubmittedAt": "2024-10-20T10:00:00.0000000+07:00",
    "MessageID": "b7bc2f4a-e38e-4336-af7d-e6c392c2f817",
    "ErrorCode": 0,
    "Message": "OK",
}
POSTMARK_DOWN = {"ErrorCode": 500, "Message": "Internal server error"}


def queue(**overrides):
    fields = {
        "to": "an@example.vn",
        "subject": "Xác nhận đăng ký",
        "body_text": "Cảm ơn bạn đã đăng ký.\n",
        "language": "vi",
        **overrides,
    }
    return queue_rendered_email(**fields)


def test_failing_provider_keeps_message_queued_and_a_later_run_sends_it_once(
    db, postmark, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    api = postmark((500, POSTMARK_DOWN), (200, POSTMARK_OK))

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(attachments=[("ve.txt", b"ma-ve", "text/plain")])
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED
    assert message.attempts == 1
    assert "AnymailRequestsAPIError" in message.last_error
    assert before + timedelta(seconds=60) <= message.next_attempt_at
    assert message.next_attempt_at <= timezone.now() + timedelta(seconds=60)
    assert message.sent_at is None

    # Not due yet: nothing is sent.
    assert retry_due_messages() == 0
    assert len(api.requests) == 1

    # The sweep after the retry time sends it.
    assert retry_due_messages(now=message.next_attempt_at) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert message.next_attempt_at is None
    assert message.last_error == ""
    assert message.provider_message_id == POSTMARK_OK["MessageID"]
    assert message.sent_at is not None

    # Further sweeps and a late duplicate task send nothing more.
    assert retry_due_messages(now=timezone.now() + timedelta(days=1)) == 0
    assert deliver_message(message_id=message.pk) is None
    assert [status for *_, status in api.requests] == [500, 200]
    method, path, headers, body, _status = api.requests[1]
    assert (method, path) == ("POST", "/email")
    assert headers["X-Postmark-Server-Token"] == "test-token"
    assert body["To"] == "an@example.vn"
    assert body["Subject"] == "Xác nhận đăng ký"
    assert body["TextBody"] == "Cảm ơn bạn đã đăng ký.\n"
    assert {"Name": "X-Govconf-Message", "Value": str(message.pk)} in body["Headers"]
    assert body["Attachments"][0]["Name"] == "ve.txt"
    assert base64.b64decode(body["Attachments"][0]["Content"]) == b"ma-ve"


def test_nothing_is_sent_when_the_action_rolls_back(
    db, postmark, django_capture_on_commit_callbacks
):
    api = postmark((200, POSTMARK_OK))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue()
            raise RuntimeError("the action failed after queuing its email")
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert api.requests == []


def test_gives_up_once_the_retry_window_has_passed(
    db, postmark, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RETRY_DAYS = 1
    api = postmark(*[(500, POSTMARK_DOWN)] * 3)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    within = message.queued_at + timedelta(hours=23)
    assert retry_due_messages(now=within) == 0
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED
    past = message.queued_at + timedelta(days=1, minutes=1)
    assert retry_due_messages(now=past) == 0
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == (
        OutboxStatus.FAILED, 3, None
    )
    assert retry_due_messages(now=past + timedelta(days=1)) == 0
    assert len(api.requests) == 3


def test_backoff_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(20) == timedelta(hours=6)


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_a_message_once(postmark):
    """Two sweeps racing on one message: the row lock lets exactly one of them send it."""
    api = postmark((200, POSTMARK_OK), (200, POSTMARK_OK))
    message = OutboxMessage.objects.create(
        to="an@example.vn", subject="s", body_text="b", next_attempt_at=timezone.now()
    )
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(retry_due_messages())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(api.requests) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)


def test_bounce_webhook_marks_the_message_bounced(client, db, settings):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    message = OutboxMessage.objects.create(
        to="sai@example.vn", subject="s", body_text="b", status=OutboxStatus.SENT,
        provider_message_id="883953f4-6105-42a2-a16a-77a8eac79483",
    )
    payload = {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 unknown user",
        "Email": "sai@example.vn",
        "BouncedAt": "2024-10-20T10:05:00Z",
        "Inactive": True,
        "CanActivate": True,
    }
    auth = "Basic " + base64.b64encode(b"hook:s3cret").decode()
    response = client.post(
        "/anymail/postmark/tracking/", json.dumps(payload), content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == OutboxStatus.BOUNCED
    assert [event["type"] for event in message.events] == ["bounced"]
    assert message.events[0]["info"].startswith("The server was unable to deliver")

    # Without the shared secret the webhook is refused and nothing changes.
    response = client.post(
        "/anymail/postmark/tracking/", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 400
    message.refresh_from_db()
    assert len(message.events) == 1


@pytest.mark.parametrize("provider", ["mailgun", "sendgrid", "amazon_ses", "brevo", "nosuch"])
def test_only_the_configured_providers_webhook_is_routed(client, db, settings, provider):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    auth = "Basic " + base64.b64encode(b"hook:s3cret").decode()
    response = client.post(f"/anymail/{provider}/tracking/", "{}",
                           content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 404
    # The configured one is anymail's view, which checks the shared secret.
    assert client.post("/anymail/postmark/tracking/", "{}",
                       content_type="application/json").status_code == 400


def test_no_webhook_is_routed_without_a_provider(client, db, settings):
    settings.EMAIL_PROVIDER = ""
    assert client.post("/anymail/postmark/tracking/", "{}",
                       content_type="application/json").status_code == 404
