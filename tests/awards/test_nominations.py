"""Nominations: drafts, submission, locking, dates, eligibility, consent, the status machine."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conference.awards import services
from conference.awards.enums import ConsentState, NominationKind, NominationStatus, Sector
from conference.awards.models import AwardCategory, EvidenceFile, Nomination
from conference.common.models import AuditEntry, OutboxMessage

from .conftest import pdf_bytes, upload

S = NominationStatus


def test_draft_then_submit_locks_and_emails(category, user_factory,
                                            django_capture_on_commit_callbacks):
    nominator = user_factory(first_name="An", last_name="Lê Văn")
    nomination = services.create_nomination(cycle=category.cycle, category=category,
                                            nominator=nominator)
    assert nomination.status == S.DRAFT
    services.update_nomination(
        nomination=nomination, by=nominator,
        data={"nominee_name": "  Nguyễn   Thị Anh Thi ", "nominee_position": "Phó Chủ tịch",
              "nominee_organisation": "UBND thành phố Đà Nẵng",
              "nominee_sector": Sector.PROVINCIAL, "nominee_email": "Thi@Example.com",
              "summary": "Tóm tắt", "achievements": "Thành tích"},
        key_figures=[("Kinh tế số / GRDP", "20,7%"), ("", "ignored"), ("DTI", "hạng 1")],
    )
    nomination.refresh_from_db()
    assert nomination.nominee_name == "Nguyễn Thị Anh Thi"
    assert nomination.nominee_email == "thi@example.com"
    assert nomination.nominee_search == "nguyen thi anh thi ubnd thanh pho da nang thi@example.com"
    assert [(f.label, f.value) for f in nomination.key_figures.all()] == [
        ("Kinh tế số / GRDP", "20,7%"), ("DTI", "hạng 1")]
    with pytest.raises(services.AwardsError) as info:
        services.submit_nomination(nomination=nomination, by=nominator, eligibility_confirmed=True)
    assert info.value.code == "incomplete"
    assert "ít nhất một tệp minh chứng" in info.value.message
    services.add_evidence(nomination=nomination, by=nominator,
                          upload=upload("a.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_nomination(nomination=nomination, by=nominator, eligibility_confirmed=True)
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED and nomination.submitted_at is not None
    assert nomination.consent_state == ConsentState.PENDING
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([nominator.email, "thi@example.com"])
    consent_mail = next(m for m in mail.outbox if m.to == ["thi@example.com"])
    assert "/awards/consent/" in consent_mail.body
    assert "Lê Văn An" in consent_mail.body
    # Locked: neither details nor files can change any more.
    with pytest.raises(services.AwardsError) as info:
        services.update_nomination(nomination=nomination, by=nominator, data={"summary": "x"})
    assert info.value.code == "locked"
    with pytest.raises(services.AwardsError):
        services.add_evidence(nomination=nomination, by=nominator,
                              upload=upload("b.pdf", pdf_bytes()))
    assert EvidenceFile.objects.filter(nomination=nomination).count() == 1
    actions = list(AuditEntry.objects.filter(object_type="awards.nomination")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["awards.nomination.created", "awards.nomination.saved",
                       "awards.evidence.added", "awards.nomination.submitted"]


def test_nominee_consents_through_the_signed_link(make_nomination):
    nomination = make_nomination(consent=False)
    token = services.consent_token(nomination)
    with pytest.raises(services.AwardsError) as info:
        services.record_nominee_consent(token=token[:-2] + "xx", given=True)
    assert info.value.code == "link_invalid"
    services.record_nominee_consent(token=token, given=True, ip_address="203.0.113.5")
    nomination.refresh_from_db()
    assert nomination.consent_state == ConsentState.GIVEN
    assert nomination.consent_text_version == services.CONSENT_TEXT_VERSION
    assert AuditEntry.objects.filter(action="awards.nomination.consent",
                                     ip_address="203.0.113.5").count() == 1


def test_consent_link_stops_working_if_the_nominee_email_changes(make_nomination):
    nomination = make_nomination(consent=False)
    token = services.consent_token(nomination)
    Nomination.objects.filter(pk=nomination.pk).update(nominee_email="other@example.com")
    with pytest.raises(services.AwardsError):
        services.record_nominee_consent(token=token, given=True)


def test_self_nomination_needs_own_consent(category, user_factory):
    me = user_factory(first_name="Thi", last_name="Nguyễn Thị Anh")
    nomination = services.create_nomination(cycle=category.cycle, category=category,
                                            nominator=me, kind=NominationKind.SELF)
    assert nomination.nominee_name == "Nguyễn Thị Anh Thi"
    services.update_nomination(nomination=nomination, by=me, data={
        "nominee_position": "Phó Chủ tịch", "nominee_organisation": "UBND",
        "nominee_sector": Sector.PROVINCIAL, "summary": "s", "achievements": "a"})
    services.add_evidence(nomination=nomination, by=me, upload=upload("a.pdf", pdf_bytes()))
    with pytest.raises(services.AwardsError) as info:
        services.submit_nomination(nomination=nomination, by=me, eligibility_confirmed=True)
    assert info.value.code == "consent_missing"
    assert Nomination.objects.get(pk=nomination.pk).status == S.DRAFT
    services.submit_nomination(nomination=nomination, by=me, eligibility_confirmed=True,
                               self_consent=True)
    assert Nomination.objects.get(pk=nomination.pk).consent_state == ConsentState.GIVEN


def test_nominations_outside_the_dates_are_refused(category, user_factory):
    cycle = category.cycle
    cycle.nominations_open = timezone.now() + datetime.timedelta(days=1)
    cycle.nominations_close = timezone.now() + datetime.timedelta(days=5)
    cycle.save()
    with pytest.raises(services.AwardsError) as info:
        services.create_nomination(cycle=cycle, category=category, nominator=user_factory())
    assert info.value.code == "nominations_not_open"
    assert "Đề cử mở từ" in info.value.message
    cycle.nominations_open = timezone.now() - datetime.timedelta(days=5)
    cycle.nominations_close = timezone.now() - datetime.timedelta(days=1)
    cycle.save()
    with pytest.raises(services.AwardsError) as info:
        services.create_nomination(cycle=cycle, category=category, nominator=user_factory())
    assert info.value.code == "nominations_closed"
    assert Nomination.objects.count() == 0


def test_a_draft_cannot_be_submitted_after_the_deadline(make_nomination, category):
    nomination = make_nomination(S.DRAFT)
    services.add_evidence(nomination=nomination, by=nomination.nominator,
                          upload=upload("a.pdf", pdf_bytes()))
    category.cycle.nominations_close = timezone.now() - datetime.timedelta(minutes=1)
    category.cycle.nominations_open = timezone.now() - datetime.timedelta(days=20)
    category.cycle.save()
    with pytest.raises(services.AwardsError) as info:
        services.submit_nomination(nomination=nomination, by=nomination.nominator,
                                   eligibility_confirmed=True)
    assert info.value.code == "nominations_closed"
    assert Nomination.objects.get(pk=nomination.pk).status == S.DRAFT


def test_ineligible_category_is_refused(category, make_nomination):
    nomination = make_nomination(S.DRAFT)
    with pytest.raises(services.AwardsError) as info:
        services.update_nomination(nomination=nomination, by=nomination.nominator,
                                   data={"nominee_sector": Sector.ENTERPRISE,
                                         "summary": "changed"})
    assert info.value.code == "category_ineligible"
    assert "Chính quyền tỉnh, thành phố" in info.value.message
    nomination.refresh_from_db()
    assert (nomination.nominee_sector, nomination.summary) == (Sector.PROVINCIAL,
                                                               "Dẫn dắt chuyển đổi số.")
    closed = AwardCategory.objects.create(cycle=category.cycle, name="Đóng",
                                          accepts_nominations=False)
    with pytest.raises(services.AwardsError) as info:
        services.create_nomination(cycle=category.cycle, category=closed,
                                   nominator=nomination.nominator)
    assert info.value.code == "category_closed"


def test_only_the_nominator_edits(make_nomination, user_factory):
    nomination = make_nomination(S.DRAFT)
    with pytest.raises(services.AwardsError) as info:
        services.update_nomination(nomination=nomination, by=user_factory(), data={})
    assert info.value.status == 403


def test_status_machine_audits_and_emails_nobody(
    make_nomination, user_factory, secretariat, django_capture_on_commit_callbacks
):
    """Screening and judging stay private: the outcome is e-mailed when the secretariat releases
    the results (test_outcome.py)."""
    english = user_factory(language="en")
    nomination = make_nomination(nominator=english)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(nomination=nomination, to=S.ELIGIBLE, by=secretariat)
    assert mail.outbox == []
    # Not allowed: eligible -> winner directly.
    with pytest.raises(services.AwardsError) as info:
        services.change_status(nomination=nomination, to=S.WINNER, by=secretariat)
    assert info.value.code == "bad_transition"
    for step in (S.SHORTLISTED, S.FINALIST, S.WINNER):
        services.change_status(nomination=nomination, to=step, by=secretariat)
    entries = list(AuditEntry.objects.filter(action="awards.nomination.status")
                   .order_by("id").values_list("data", flat=True))
    assert [(e["from"], e["to"]) for e in entries] == [
        ("submitted", "eligible"), ("eligible", "shortlisted"), ("shortlisted", "finalist"),
        ("finalist", "winner")]
    assert OutboxMessage.objects.filter(to=english.email).exclude(
        template="awards/nomination_submitted").count() == 0


def test_ineligible_needs_a_reason(make_nomination, secretariat):
    nomination = make_nomination()
    with pytest.raises(services.AwardsError) as info:
        services.change_status(nomination=nomination, to=S.INELIGIBLE, by=secretariat,
                               reason="  ")
    assert info.value.code == "reason_required"
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED
    services.change_status(nomination=nomination, to=S.INELIGIBLE, by=secretariat,
                           reason="Chưa đủ 12 tháng giữ chức vụ")
    assert Nomination.objects.get(pk=nomination.pk).ineligible_reason == (
        "Chưa đủ 12 tháng giữ chức vụ")


def test_finalist_requires_the_nominees_consent(make_nomination, secretariat):
    nomination = make_nomination(S.SHORTLISTED, consent=False, by=secretariat)
    with pytest.raises(services.AwardsError) as info:
        services.change_status(nomination=nomination, to=S.FINALIST, by=secretariat)
    assert info.value.code == "no_consent"


def test_winners_per_category_are_capped(make_nomination, category, secretariat):
    category.max_winners = 1
    category.save()
    make_nomination(S.WINNER, by=secretariat)
    second = make_nomination(S.FINALIST, by=secretariat, name="Trần B")
    with pytest.raises(services.AwardsError) as info:
        services.change_status(nomination=second, to=S.WINNER, by=secretariat)
    assert info.value.code == "too_many_winners"
