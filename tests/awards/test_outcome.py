"""The outcome reaches nominators and nominees only when the secretariat releases it; judges hear
of their assignments; publishing and releasing ask for confirmation."""

import pytest
from django.core import mail

from conference.awards import services
from conference.awards.enums import NominationStatus as S
from conference.awards.models import AwardCycle, Nomination
from conference.common.models import OutboxMessage

pytestmark = pytest.mark.django_db

QUIET = ("awards/nomination_submitted", "awards/nominee_consent_request")


def outcome_mail():
    return OutboxMessage.objects.exclude(template__in=QUIET)


def test_bulk_moves_email_nobody_and_the_nominator_sees_under_review(
        client, make_nomination, secretariat, user_factory):
    nominator = user_factory(language="en")
    nomination = make_nomination(S.FINALIST, nominator=nominator, by=secretariat)
    url = f"/awards/secretariat/categories/{nomination.category_id}/"
    client.force_login(secretariat)
    client.post(url, {"bulk": "1", "to": S.WINNER, "selected": [nomination.pk]})
    assert Nomination.objects.get(pk=nomination.pk).status == S.WINNER
    assert outcome_mail().count() == 0
    client.force_login(nominator)
    page = client.get(f"/en/awards/nominations/{nomination.pk}/").text
    assert "Under review" in page and "Winner" not in page
    assert "Under review" in client.get("/en/awards/").text


def test_release_emails_each_outcome_once_in_each_recipients_language(
        make_nomination, secretariat, user_factory, django_capture_on_commit_callbacks):
    english = user_factory(email="nominator.en@example.com", language="en", first_name="Seán",
                           last_name="O'Brien")
    winner = make_nomination(S.WINNER, nominator=english, by=secretariat, name="Lê Văn Minh")
    Nomination.objects.filter(pk=winner.pk).update(nominee_language="vi")
    finalist = make_nomination(S.FINALIST, by=secretariat, name="Phạm Hồng Nhung")
    other = make_nomination(S.SHORTLISTED, by=secretariat, name="Trần Thu Hà")
    cycle = winner.cycle

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_results(cycle=cycle, by=secretariat) == 3
    sent = sorted((m.to, m.language, m.template) for m in outcome_mail())
    assert sent == sorted([
        (english.email, "en", "awards/outcome_laureate"),
        ("nominee@example.com", "vi", "awards/outcome_laureate"),  # the winner
        (finalist.nominator.email, "vi", "awards/outcome_laureate"),
        ("nominee@example.com", "vi", "awards/outcome_laureate"),  # the finalist
        (other.nominator.email, "vi", "awards/outcome_other"),
    ])
    to_nominator = OutboxMessage.objects.get(to=english.email, template="awards/outcome_laureate")
    assert to_nominator.subject.startswith("Congratulations: a winner of ")
    assert "Dear O'Brien Seán," in to_nominator.body_text
    assert "Lê Văn Minh, whom you nominated, is a winner" in to_nominator.body_text
    to_nominee = OutboxMessage.objects.get(to="nominee@example.com",
                                           template="awards/outcome_laureate",
                                           body_text__contains="Kính gửi Lê Văn Minh")
    assert "Kính gửi Lê Văn Minh," in to_nominee.body_text
    courteous = OutboxMessage.objects.get(template="awards/outcome_other")
    assert "Trần Thu Hà" in courteous.body_text and "Chúc mừng" not in courteous.subject
    assert len(mail.outbox) == 5
    assert AwardCycle.objects.get(pk=cycle.pk).results_released_at is not None

    # Nothing new: nobody is written to twice.
    assert services.release_results(cycle=cycle, by=secretariat) == 0
    assert outcome_mail().count() == 5
    # A later correction waits for the next release, and the nominator sees "under review".
    services.change_status(nomination=other, to=S.NOT_SELECTED, by=secretariat)
    assert Nomination.objects.get(pk=other.pk).outcome_is_released is False
    assert outcome_mail().count() == 5
    assert services.release_results(cycle=cycle, by=secretariat) == 1


def test_release_needs_a_winner(make_nomination, secretariat):
    nomination = make_nomination(S.FINALIST, by=secretariat)
    with pytest.raises(services.AwardsError) as info:
        services.release_results(cycle=nomination.cycle, by=secretariat)
    assert info.value.code == "no_winners"
    assert outcome_mail().count() == 0


def test_judges_are_emailed_when_assigned(category, make_nomination, make_judge, secretariat,
                                          user_factory, django_capture_on_commit_callbacks):
    make_nomination(S.ELIGIBLE, by=secretariat)
    make_nomination(S.ELIGIBLE, by=secretariat, name="Lê Văn Minh")
    first = make_judge(email="giamkhao1@example.com")
    second = make_judge(email="giamkhao2@example.com")
    second.language = "en"
    second.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_judges(category=category, by=secretariat)
    mails = {m.to: m for m in OutboxMessage.objects.filter(template="awards/judge_assigned")}
    assert set(mails) == {first.email, second.email}
    assert mails[second.email].language == "en"
    assert "You have been assigned nominations to review in the category “Provincial leaders”: 2." \
        in mails[second.email].body_text
    assert "/judging/" in mails[first.email].body_text
    # Assigning again changes nothing: no second e-mail.
    services.assign_judges(category=category, by=secretariat)
    assert OutboxMessage.objects.filter(template="awards/judge_assigned").count() == 2


def test_publishing_and_releasing_ask_for_confirmation(client, make_nomination, secretariat):
    winner = make_nomination(S.WINNER, by=secretariat)
    cycle = winner.cycle
    client.force_login(secretariat)
    home = client.get("/awards/secretariat/").text
    assert f"/awards/secretariat/cycles/{cycle.pk}/publish/" in home
    page = client.get(f"/awards/secretariat/cycles/{cycle.pk}/publish/")
    assert page.status_code == 200
    assert "Công bố kết quả?" in page.text
    client.post(f"/awards/secretariat/cycles/{cycle.pk}/publish/")  # not confirmed
    assert AwardCycle.objects.get(pk=cycle.pk).results_published_at is None
    client.post(f"/awards/secretariat/cycles/{cycle.pk}/publish/", {"confirm": "1"})
    assert AwardCycle.objects.get(pk=cycle.pk).results_published_at is not None
    assert outcome_mail().count() == 0  # publishing e-mails nobody

    page = client.get(f"/awards/secretariat/cycles/{cycle.pk}/release/")
    assert page.status_code == 200
    client.post(f"/awards/secretariat/cycles/{cycle.pk}/release/")
    assert outcome_mail().count() == 0
    client.post(f"/awards/secretariat/cycles/{cycle.pk}/release/", {"confirm": "1"})
    assert outcome_mail().filter(template="awards/outcome_laureate").count() == 2


def test_only_the_secretariat_publishes_or_releases(client, make_nomination, secretariat,
                                                    user_factory):
    winner = make_nomination(S.WINNER, by=secretariat)
    client.force_login(winner.nominator)
    for action in ("publish", "release"):
        response = client.post(f"/awards/secretariat/cycles/{winner.cycle_id}/{action}/",
                               {"confirm": "1"})
        assert response.status_code == 403
    assert outcome_mail().count() == 0
