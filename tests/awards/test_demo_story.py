"""The demo tells the 2024 story to the end: registrations in every state (some checked in),
desk and judge logins printed with the organiser's, an awards cycle in 2024 with scored
nominations and published winners."""

import io

import pytest
from django.core.management import call_command

from conference.awards.enums import NominationStatus as S
from conference.awards.models import AwardCycle, Certificate, JudgeAssignment, Nomination
from conference.awards.queries import category_results
from conference.registration.enums import RegistrationStatus as R
from conference.registration.models import Registration, WaitingListEntry

pytestmark = pytest.mark.django_db


def test_demo_registrations_in_every_state_some_checked_in(demo):
    states = set(Registration.objects.filter(edition=demo).values_list("status", flat=True))
    assert {R.CONFIRMED, R.PENDING_APPROVAL, R.AWAITING_PAYMENT, R.REJECTED,
            R.CANCELLED} <= states
    assert WaitingListEntry.objects.filter(category__edition=demo).count() == 2
    checked_in = Registration.objects.filter(edition=demo, attendees__scans__isnull=False)
    assert checked_in.distinct().count() > 50


def test_demo_awards_are_the_2024_cycle_scored_and_published(client, demo):
    cycle = AwardCycle.objects.get(edition=demo)
    assert cycle.nominations_open.year == cycle.nominations_close.year == 2024
    assert cycle.judging_close.year == 2024
    assert cycle.results_published_at.date().isoformat() == "2024-10-25"
    statuses = set(Nomination.objects.filter(cycle=cycle).values_list("status", flat=True))
    assert {S.WINNER, S.FINALIST, S.NOT_SELECTED, S.INELIGIBLE} <= statuses
    assert JudgeAssignment.objects.filter(nomination__cycle=cycle,
                                          submitted_at__isnull=False).count() >= 30
    provincial = cycle.categories.get(sector="provincial")
    ranking = [row.nomination.nominee_name for row in category_results(provincial)]
    assert ranking[:3] == ["Lê Quang Nam", "Hoàng Thị Mai", "Vũ Đức Thắng"]
    page = client.get("/awards/").text
    assert "Lê Quang Nam" in page  # a published winner on the public page
    certificate = Certificate.objects.filter(nomination__status=S.WINNER).first()
    assert client.get(f"/awards/certificates/{certificate.code}/").status_code == 200


def test_load_demo_prints_the_desk_and_judge_logins_and_stays_idempotent(demo):
    out = io.StringIO()
    call_command("load_demo", password="demo-password-123", stdout=out)
    text = out.getvalue()
    for email in ("organizer@govconf.local", "desk@govconf.local", "judge@govconf.local"):
        assert f"{email} / demo-password-123" in text
    assert Registration.objects.filter(reference__startswith="STORY").count() == 8
    assert Nomination.objects.filter(cycle__edition=demo).count() == 12
