"""Reissue, printed flags, signed links, attendee downloads, batches and the admin tools."""

import re

import pypdfium2 as pdfium
import pytest
from django.core import signing
from django.urls import reverse

from conference.common.models import AuditEntry, OutboxMessage
from conference.registration.badges import active_badge, issue_badge
from conference.registration.badges.services import (
    BadgeError,
    badge_from_token,
    badge_token,
    mark_badges_printed,
    reissue_badge,
    render_badge_batch,
    retry_badge_batch,
    signed_badge_url,
    start_badge_batch,
)
from conference.registration.enums import BadgeBatchStatus, BadgeSelection, RegistrationStatus
from conference.registration.models import Badge, BadgeBatch

from .badge_fixtures import *  # noqa: F403


def _lines(pdf_bytes):
    out = []
    for page in pdfium.PdfDocument(pdf_bytes):
        out.append([x for x in page.get_textpage().get_text_range().replace("\r", "").split("\n")
                    if x])
    return out


# --- Reissue and printed -------------------------------------------------------------------------


@pytest.mark.django_db
def test_reissue_revokes_with_reason_audits_and_emails_the_new_badge(make_attendee, desk_user,
                                                                     django_capture_on_commit_callbacks):
    attendee = make_attendee(email="thi@example.com", language="en")
    old = active_badge(attendee)
    with django_capture_on_commit_callbacks(execute=False):
        new = reissue_badge(attendee=attendee, by=desk_user, reason="Lost at the gala",
                            device="desk 1")
    old.refresh_from_db()
    assert old.revoked_at is not None and old.revoked_reason == "Lost at the gala"
    assert new.code != old.code and active_badge(attendee) == new
    entry = AuditEntry.objects.get(action="badge.reissued")
    assert entry.actor == desk_user and entry.device == "desk 1"
    assert entry.object_id == str(new.pk)
    assert entry.data == {"attendee": attendee.pk, "revoked": [old.code],
                          "reason": "Lost at the gala"}
    message = OutboxMessage.objects.get(to="thi@example.com")
    assert message.language == "en"
    assert message.subject == "Your new badge for Hội thảo Quốc gia về Chính phủ số 2024"
    tokens = re.findall(r"/badges/link/([^/]+)/badge\.(png|pdf)", message.body_text)
    assert [fmt for _token, fmt in tokens] == ["png", "pdf"]
    assert all(badge_from_token(token) == new for token, _fmt in tokens)
    assert [a["filename"] for a in message.attachments] == ["badge.png"]
    # The old code no longer resolves to an active badge: check-in refuses it with the reason.
    assert Badge.objects.get(code=old.code).revoked_reason == "Lost at the gala"


@pytest.mark.django_db
def test_reissue_needs_a_reason(make_attendee):
    attendee = make_attendee()
    with pytest.raises(BadgeError) as info:
        reissue_badge(attendee=attendee, by=None, reason="  ")
    assert info.value.code == "reason_required"
    assert Badge.objects.filter(attendee=attendee).count() == 1


@pytest.mark.django_db
def test_mark_printed_skips_revoked_badges_and_audits(make_attendee, desk_user):
    first, second = make_attendee("A"), make_attendee("B")
    revoked = active_badge(second)
    issue_badge(attendee=second, reason="name corrected")
    count = mark_badges_printed(badge_ids=[active_badge(first).pk, revoked.pk], by=desk_user)
    assert count == 1
    assert active_badge(first).printed_at is not None
    revoked.refresh_from_db()
    assert revoked.printed_at is None
    entry = AuditEntry.objects.get(action="badge.printed")
    assert entry.data["codes"] == [active_badge(first).code] and entry.actor == desk_user


# --- Signed links and attendee downloads ---------------------------------------------------------


@pytest.mark.django_db
def test_signed_link_downloads_without_login_until_reissued(client, make_attendee):
    attendee = make_attendee()
    badge = active_badge(attendee)
    url = signed_badge_url(badge, fmt="pdf").removeprefix("http://127.0.0.1:8000")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert badge.code in _lines(response.content)[0]
    png = client.get(signed_badge_url(badge).removeprefix("http://127.0.0.1:8000"))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")

    issue_badge(attendee=attendee, reason="lost")
    response = client.get(url)
    assert response.status_code == 410
    assert "Thẻ này đã được thay bằng thẻ mới" in response.content.decode()


@pytest.mark.django_db
def test_forged_and_expired_links_are_refused(client, make_attendee, settings):
    badge = active_badge(make_attendee())
    token = badge_token(badge)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("badges:signed_png", args=[forged])).status_code == 404
    other_salt = signing.TimestampSigner(salt="other").sign_object({"b": badge.pk})
    assert client.get(reverse("badges:signed_png", args=[other_salt])).status_code == 404
    settings.BADGE_LINK_MAX_AGE = -1
    with pytest.raises(BadgeError) as info:
        badge_from_token(token)
    assert info.value.code == "link_expired"
    assert client.get(reverse("badges:signed_png", args=[token])).status_code == 410


@pytest.mark.django_db
def test_unconfirmed_registrations_get_no_badge_download(client, make_attendee):
    attendee = make_attendee(status=RegistrationStatus.PENDING_APPROVAL)
    token = badge_token(active_badge(attendee))
    assert client.get(reverse("badges:signed_png", args=[token])).status_code == 404


@pytest.mark.django_db
def test_portal_download_checks_ownership(client, make_attendee, user_factory):
    contact = user_factory(email="contact@example.com")
    delegate_user = user_factory(email="delegate@example.com")
    stranger = user_factory(email="stranger@example.com")
    attendee = make_attendee(contact=contact, email="delegate@example.com")
    png_url = reverse("badges:download_png", args=[attendee.pk])
    pdf_url = reverse("badges:download_pdf", args=[attendee.pk]) + "?size=cr80"

    response = client.get(png_url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(stranger)
    assert client.get(png_url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    for user in (contact, delegate_user):
        client.force_login(user)
        assert client.get(png_url).content.startswith(b"\x89PNG")
        pdf = client.get(pdf_url)
        assert pdf.status_code == 200
        page = pdfium.PdfDocument(pdf.content)[0]
        assert page.get_size() == pytest.approx((153.01, 242.65), abs=0.01)  # CR80


# --- Batches -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_batch_renders_all_confirmed_badges_in_vietnamese_order(
    make_attendee, speaker_category, desk_user, django_capture_on_commit_callbacks, edition
):
    make_attendee("Trần Văn Bình")
    make_attendee("Nguyễn Thị Anh Thi", category=speaker_category)
    make_attendee("Lê An")
    make_attendee("Phạm Minh Anh")
    make_attendee("Hoàng Đức Khoa", status=RegistrationStatus.CANCELLED)
    no_badge_yet = make_attendee("Vũ Thị Lan", badge=False)
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.ALL, size="a6",
                                  by=desk_user)
    batch.refresh_from_db()
    assert batch.status == BadgeBatchStatus.DONE
    assert (batch.total, batch.done) == (5, 5)
    assert active_badge(no_badge_yet) is not None  # issued so that "all" means everyone
    pages = _lines(batch.file.read())
    # By given name (An, Anh, Bình, Lan, Thi), then the family and middle names.
    assert len(pages) == 5
    order = [next(n for n in ("Lê An", "Phạm Minh Anh", "Trần Văn Bình", "Vũ Thị Lan",
                              "Nguyễn Thị Anh Thi") if n in " ".join(lines)) for lines in pages]
    assert order == ["Lê An", "Phạm Minh Anh", "Trần Văn Bình", "Vũ Thị Lan",
                     "Nguyễn Thị Anh Thi"]
    assert set(batch.badges.values_list("code", flat=True)) == {
        b.code for b in Badge.objects.filter(revoked_at__isnull=True,
                                             attendee__registration__status="confirmed")
    }
    assert AuditEntry.objects.filter(action="badge_batch.rendered", object_id=str(batch.pk))


@pytest.mark.django_db
def test_batch_by_category_and_not_printed(make_attendee, speaker_category, desk_user, edition,
                                           django_capture_on_commit_callbacks):
    printed = make_attendee("Đã In", category=speaker_category)
    waiting = make_attendee("Chưa In", category=speaker_category)
    make_attendee("Khác Loại")
    mark_badges_printed(badge_ids=[active_badge(printed).pk], by=desk_user)
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.CATEGORY_NOT_PRINTED,
                                  category=speaker_category, size="cr80", sheet=True,
                                  by=desk_user)
    batch.refresh_from_db()
    assert list(batch.badges.all()) == [active_badge(waiting)]
    [page] = _lines(batch.file.read())
    assert "Chưa In" in " ".join(page)
    with pytest.raises(BadgeError):
        start_badge_batch(edition=edition, selection=BadgeSelection.CATEGORY, by=desk_user)


@pytest.mark.django_db
def test_a_badge_reissued_before_rendering_is_not_printed_and_rerun_is_a_no_op(
    make_attendee, edition, desk_user, django_capture_on_commit_callbacks
):
    keep, reissued = make_attendee("An"), make_attendee("Bình")
    with django_capture_on_commit_callbacks(execute=False):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.ALL, by=desk_user)
    old = active_badge(reissued)
    issue_badge(attendee=reissued, reason="lost")
    render_badge_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done) == (BadgeBatchStatus.DONE, 1, 1)
    text = " ".join(_lines(batch.file.read())[0])
    assert active_badge(keep).code in text and old.code not in text
    name = batch.file.name
    render_badge_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.file.name == name


# --- Admin ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_badge_pages_need_the_permission(client, make_attendee, user_factory):
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Permission

    attendee = make_attendee()
    user = user_factory(email="editor@example.com")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    for url in (reverse("badges_admin:index"), reverse("badges_admin:attendee", args=[attendee.pk]),
                reverse("badges_admin:batches")):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or "/admin/" in response["Location"]


@pytest.mark.django_db
def test_desk_reissues_and_marks_printed_from_the_attendee_page(client, make_attendee, desk_user):
    attendee = make_attendee("Nguyễn Thị Anh Thi", organisation="<b>Sở</b> & Co")
    old = active_badge(attendee)
    client.force_login(desk_user)
    page = client.get(reverse("badges_admin:attendee", args=[attendee.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert old.code in html
    assert "&lt;b&gt;Sở&lt;/b&gt; &amp; Co" in html and "<b>Sở</b>" not in html
    pdf = client.get(reverse("badges_admin:attendee_file", args=[attendee.pk, "pdf"]) + "?size=a6")
    assert pdf["Content-Type"] == "application/pdf" and old.code in _lines(pdf.content)[0]

    client.post(reverse("badges_admin:attendee_printed", args=[attendee.pk]))
    assert active_badge(attendee).printed_at is not None

    response = client.post(reverse("badges_admin:attendee_reissue", args=[attendee.pk]),
                           {"reason": "", "notify": ""})
    assert response.status_code == 302 and active_badge(attendee) == old
    client.post(reverse("badges_admin:attendee_reissue", args=[attendee.pk]),
                {"reason": "Tên sai chính tả", "notify": ""})
    old.refresh_from_db()
    assert old.revoked_reason == "Tên sai chính tả"
    assert active_badge(attendee).printed_at is None  # the new badge still has to be printed
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_admin_attendee_list_query_count_does_not_grow(client, make_attendee, desk_user,
                                                       django_assert_max_num_queries):
    client.force_login(desk_user)
    for i in range(3):
        make_attendee(f"Người Số {i}")
    url = reverse("badges_admin:index")
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    for i in range(30):
        make_attendee(f"Người Thêm {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url + "?q=nguoi them")
    assert response.status_code == 200
    assert response.content.decode().count("Người Thêm") == 30


@pytest.mark.django_db
def test_desk_starts_a_batch_follows_progress_downloads_and_marks_printed(
    client, make_attendee, desk_user, django_capture_on_commit_callbacks, user_factory
):
    for name in ("An", "Bình", "Chi"):
        make_attendee(name)
    client.force_login(desk_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("badges_admin:batches"),
                               {"selection": "all", "size": "a6", "sheet": "on"})
    batch = BadgeBatch.objects.get()
    assert response["Location"] == reverse("badges_admin:batch", args=[batch.pk])
    status = client.get(reverse("badges_admin:batch_status", args=[batch.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 3
    download = client.get(status["download_url"])
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    assert len(pdfium.PdfDocument(pdf)) == 1  # three A6 badges on one A4 sheet
    client.post(reverse("badges_admin:batch_printed", args=[batch.pk]))
    assert Badge.objects.filter(printed_at__isnull=False).count() == 3

    # The file is private: not for anonymous visitors nor for staff without the permission.
    client.logout()
    assert client.get(status["download_url"]).status_code == 302
    bad = client.post(reverse("badges_admin:batches"), {"selection": "category", "size": "a6"})
    assert bad.status_code == 302 and BadgeBatch.objects.count() == 1
    missing = client.get(reverse("badges_admin:batch_status", args=[999]))
    assert missing.status_code == 302


@pytest.mark.django_db
def test_batch_form_errors_are_shown(client, desk_user, edition):
    client.force_login(desk_user)
    response = client.post(reverse("badges_admin:batches"), {"selection": "category",
                                                             "size": "a6"})
    assert response.status_code == 200
    assert "Hãy chọn một hạng mục." in response.content.decode()
    assert client.get(reverse("badges_admin:batch_status", args=[999])).json()["code"] == \
        "not_found"




@pytest.mark.django_db
def test_the_desk_cannot_print_or_reissue_a_badge_of_a_cancelled_registration(
    client, make_attendee, desk_user
):
    from conference.registration.services import cancel_registration

    attendee = make_attendee("Trần Văn Bình")
    badge = active_badge(attendee)
    cancel_registration(registration=attendee.registration, by=desk_user, reason="Không đến")
    client.force_login(desk_user)
    page = client.get(reverse("badges_admin:attendee", args=[attendee.pk]))
    html = page.content.decode()
    assert "data-not-confirmed" in html
    assert reverse("badges_admin:attendee_reissue", args=[attendee.pk]) not in html
    for fmt in ("pdf", "png"):
        assert client.get(reverse("badges_admin:attendee_file",
                                  args=[attendee.pk, fmt])).status_code == 404
    response = client.post(reverse("badges_admin:attendee_reissue", args=[attendee.pk]),
                           {"reason": "Mất thẻ", "notify": "on"})
    assert response.status_code == 302
    assert active_badge(attendee) is None
    assert not OutboxMessage.objects.filter(template="registration/badge_reissued").exists()
    with pytest.raises(BadgeError) as caught:
        reissue_badge(attendee=attendee, by=desk_user, reason="Mất thẻ")
    assert caught.value.code == "not_confirmed"
    assert mark_badges_printed(badge_ids=[badge.pk], by=desk_user) == 0
    client.post(reverse("badges_admin:attendee_printed", args=[attendee.pk]))
    badge.refresh_from_db()
    assert badge.printed_at is None


@pytest.mark.django_db
def test_a_badge_whose_registration_is_cancelled_after_the_batch_started_is_not_printed(
    make_attendee, edition, desk_user, django_capture_on_commit_callbacks
):
    from conference.registration.models import Registration

    keep, gone = make_attendee("An"), make_attendee("Bình")
    with django_capture_on_commit_callbacks(execute=False):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.ALL, by=desk_user)
    # Cancelled without its badge revoked (an older cancellation path, or a race).
    Registration.objects.filter(pk=gone.registration_id).update(
        status=RegistrationStatus.CANCELLED)
    render_badge_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done) == (BadgeBatchStatus.DONE, 1, 1)
    text = " ".join(_lines(batch.file.read())[0])
    assert active_badge(keep).code in text and active_badge(gone).code not in text


def _killed_worker(batch, *, minutes_ago=5):
    """The batch as a worker killed mid-drawing leaves it: running, lease run out."""
    from datetime import timedelta

    from django.utils import timezone

    BadgeBatch.objects.filter(pk=batch.pk).update(
        status=BadgeBatchStatus.RUNNING, done=1, lease_token="dead-worker",
        leased_until=timezone.now() - timedelta(minutes=minutes_ago),
    )


@pytest.mark.django_db
def test_a_batch_whose_worker_died_is_taken_over_and_a_live_one_is_left_alone(
    make_attendee, edition, desk_user, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    for name in ("An", "Bình"):
        make_attendee(name)
    with django_capture_on_commit_callbacks(execute=False):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.ALL, by=desk_user)
    # A worker still drawing (its lease runs for another minute): nobody else touches it.
    _killed_worker(batch, minutes_ago=-1)
    assert render_badge_batch(batch_id=batch.pk).status == BadgeBatchStatus.RUNNING
    with pytest.raises(BadgeError):
        retry_badge_batch(batch=batch, by=desk_user)

    _killed_worker(batch)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_badge_batches", stdout=__import__("io").StringIO())
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BadgeBatchStatus.DONE, 2, 2)
    assert batch.leased_until is None and batch.file
    assert AuditEntry.objects.filter(action="badge_batch.taken_over",
                                     object_id=str(batch.pk)).exists()


@pytest.mark.django_db
def test_the_desk_retries_a_batch_whose_worker_died(
    client, make_attendee, edition, desk_user, django_capture_on_commit_callbacks
):
    make_attendee("An")
    with django_capture_on_commit_callbacks(execute=False):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.ALL, by=desk_user)
    _killed_worker(batch)
    client.force_login(desk_user)
    page = client.get(reverse("badges_admin:batch", args=[batch.pk])).content.decode()
    assert "data-retry" in page and "Tạo lại lô thẻ này" in page
    assert client.get(reverse("badges_admin:batch_status",
                              args=[batch.pk])).json()["can_retry"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("badges_admin:batch_retry", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BadgeBatchStatus.DONE, 1)
    assert AuditEntry.objects.filter(action="badge_batch.retried", actor=desk_user).exists()
    # Finished: nothing to retry any more.
    client.post(reverse("badges_admin:batch_retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BadgeBatchStatus.DONE
