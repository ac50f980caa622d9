"""Who may do what in the awards (conference/awards/permissions.py): each kind of person is
allowed or refused as the rules say, on their own objects and on someone else's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conference.awards import services
from conference.awards.enums import NominationStatus
from conference.awards.models import Certificate

from .conftest import assign

ELIGIBLE = NominationStatus.ELIGIBLE

RULES_ON_NOMINATION = ("awards.read_nomination", "awards.score_nomination",
                       "awards.view_other_scores")


def allowed(user, nomination) -> dict[str, bool]:
    answers = {name: user.has_perm(name, nomination) for name in RULES_ON_NOMINATION}
    answers["awards.judge_cycle"] = user.has_perm("awards.judge_cycle", nomination.cycle)
    answers["awards.manage_awards"] = user.has_perm("awards.manage_awards")
    return answers


def expect(read=False, score=False, others=False, judge=False, manage=False) -> dict[str, bool]:
    return {"awards.read_nomination": read, "awards.score_nomination": score,
            "awards.view_other_scores": others, "awards.judge_cycle": judge,
            "awards.manage_awards": manage}


def test_a_judge_on_the_panel_scores_only_what_they_were_assigned(
        make_nomination, make_judge, secretariat):
    mine = make_nomination(status=ELIGIBLE, by=secretariat, name="Trần Văn Minh")
    theirs = make_nomination(status=ELIGIBLE, by=secretariat, name="Lê Thị Hoa")
    judge, other_judge = make_judge(), make_judge()
    assign(mine, judge)
    assign(theirs, other_judge)
    assert allowed(judge, mine) == expect(read=True, score=True, judge=True)
    # Judge B on judge A's nomination: refused, though on the same panel.
    assert allowed(judge, theirs) == expect(judge=True)


def test_a_judge_who_has_not_declared_may_not_score(make_nomination, make_judge, secretariat):
    nomination = make_nomination(status=ELIGIBLE, by=secretariat)
    judge = make_judge(declare=False)
    assign(nomination, judge)
    assert allowed(judge, nomination) == expect(judge=True)


def test_a_judge_with_a_declared_conflict_is_refused_that_nomination(
        make_nomination, make_judge, secretariat, category):
    conflicted = make_nomination(status=ELIGIBLE, by=secretariat, name="Trần Văn Minh",
                                 organisation="Sở TT&TT Huế")
    free = make_nomination(status=ELIGIBLE, by=secretariat, name="Lê Thị Hoa",
                           organisation="Sở TT&TT Cần Thơ")
    judge = make_judge(conflicts=[conflicted])
    make_judge(organisation="Học viện Bưu chính")
    make_judge(organisation="Đại học Bách khoa")
    services.assign_judges(category=category, by=secretariat)
    assert allowed(judge, conflicted) == expect(judge=True)
    assert allowed(judge, free) == expect(read=True, score=True, judge=True)


def test_a_judge_sees_other_scores_once_their_own_are_submitted(
        make_nomination, make_judge, secretariat, category):
    nomination = make_nomination(status=ELIGIBLE, by=secretariat)
    judge = make_judge()
    assign(nomination, judge)
    criterion = category.criteria.get(name_en="Vision")
    services.save_scores(nomination=nomination, judge=judge, values={criterion.pk: 7})
    assert judge.has_perm("awards.view_other_scores", nomination) is False
    services.save_scores(nomination=nomination, judge=judge, values={criterion.pk: 7},
                         submit=True)
    assert judge.has_perm("awards.view_other_scores", nomination) is True


def test_the_secretariat_manages_and_reads_everything_but_does_not_judge(
        make_nomination, secretariat):
    nomination = make_nomination(status=ELIGIBLE, by=secretariat)
    assert allowed(secretariat, nomination) == expect(read=True, others=True, manage=True)


def test_an_attendee_reads_only_their_own_nomination(make_nomination, user_factory, secretariat):
    author, stranger = user_factory(), user_factory()
    own = make_nomination(nominator=author, by=secretariat)
    other = make_nomination(nominator=stranger, by=secretariat)
    assert allowed(author, own) == expect(read=True)
    # Nominator A's nomination as nominator B.
    assert allowed(stranger, own) == expect()
    assert allowed(author, other) == expect()
    assert allowed(AnonymousUser(), own) == expect()


@pytest.mark.parametrize("published, revoked, who, may", [
    (False, False, "nominator", True),
    (False, False, "secretariat", True),
    (False, False, "stranger", False),
    (False, False, "anonymous", False),
    (True, False, "stranger", True),
    (True, False, "anonymous", True),
    (True, True, "anonymous", False),
    (True, True, "nominator", True),
])
def test_who_may_download_a_certificate(make_nomination, user_factory, secretariat,
                                        published, revoked, who, may):
    nominator = user_factory()
    nomination = make_nomination(status=NominationStatus.WINNER, nominator=nominator,
                                 by=secretariat)
    cycle = nomination.cycle
    cycle.results_published_at = timezone.now() if published else None
    cycle.save()
    certificate = Certificate.objects.create(
        nomination=nomination, code="c" * 24, title=NominationStatus.WINNER,
        issued_at=timezone.now(), revoked_at=timezone.now() if revoked else None,
    )
    user = {"nominator": nominator, "secretariat": secretariat, "stranger": user_factory(),
            "anonymous": AnonymousUser()}[who]
    assert user.has_perm("awards.download_certificate", certificate) is may


def test_a_superuser_may_do_everything(make_nomination, user_factory, secretariat):
    nomination = make_nomination(status=ELIGIBLE, by=secretariat)
    admin = user_factory(is_superuser=True)
    assert allowed(admin, nomination) == expect(read=True, score=True, others=True, judge=True,
                                                manage=True)


def test_pages_ask_the_rules_for_someone_elses_nomination(client, make_nomination, make_judge,
                                                          user_factory, secretariat):
    nominator = user_factory()
    nomination = make_nomination(status=ELIGIBLE, nominator=nominator, by=secretariat)
    evidence = nomination.evidence.get()
    judge, other_judge = make_judge(), make_judge()
    assign(nomination, judge)
    score = f"/awards/judging/nominations/{nomination.pk}/"
    detail = f"/awards/nominations/{nomination.pk}/"
    file = f"/awards/nominations/{nomination.pk}/evidence/{evidence.pk}/"
    expected = [  # who, scoring page, nomination page, evidence file
        (judge, 200, 200, 200),
        (other_judge, 403, 404, 404),  # judge B on judge A's nomination
        (nominator, 403, 200, 200),
        (user_factory(), 403, 404, 404),  # another nominator, an attendee
        (secretariat, 403, 302, 200),  # the secretariat reads it on its desk
    ]
    for user, *statuses in expected:
        client.force_login(user)
        assert [client.get(url).status_code for url in (score, detail, file)] == statuses, user


def test_the_awards_page_links_judges_and_the_secretariat_to_their_pages(
        client, make_judge, user_factory, secretariat, category):
    for user, judging, desk in [(make_judge(), True, False), (secretariat, False, True),
                                (user_factory(), False, False)]:
        client.force_login(user)
        page = client.get("/awards/").text
        assert ('href="/awards/judging/"' in page, 'href="/awards/secretariat/"' in page) == (
            judging, desk), user
