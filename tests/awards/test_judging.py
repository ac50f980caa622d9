"""Judges: only their assignments, scores within the scale, others' scores hidden until theirs
are submitted; nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conference.awards import queries, services
from conference.awards.enums import NominationStatus
from conference.awards.models import Score
from conference.common.models import AuditEntry

from .conftest import assign

S = NominationStatus


@pytest.fixture
def judged(make_nomination, make_judge, secretariat, category):
    nomination = make_nomination(S.ELIGIBLE, by=secretariat)
    first, second = make_judge(), make_judge()
    assign(nomination, first, second)
    vision, replicable, remarks = category.criteria.order_by("sort_order")
    return nomination, first, second, (vision, replicable, remarks)


def test_scores_saved_then_submitted_and_locked(judged):
    nomination, judge, _other, (vision, replicable, remarks) = judged
    services.save_scores(nomination=nomination, judge=judge, values={vision.pk: "7,5"},
                         comments={vision.pk: "Tầm nhìn rõ"})
    assert Score.objects.get(criterion=vision).value == Decimal("7.50")
    assignment = services.save_scores(
        nomination=nomination, judge=judge, submit=True, comment="Tốt",
        values={vision.pk: 8, replicable.pk: 5, remarks.pk: 3},
    )
    assert assignment.submitted_at is not None
    with pytest.raises(services.AwardsError) as info:
        services.save_scores(nomination=nomination, judge=judge, values={vision.pk: 1})
    assert info.value.code == "scores_locked"
    assert Score.objects.get(criterion=vision).value == Decimal(8)
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="awards.scores")
            .order_by("id")] == ["awards.scores.saved", "awards.scores.submitted"]


def test_score_outside_the_scale_is_refused_and_nothing_is_saved(judged):
    nomination, judge, _other, (vision, replicable, _remarks) = judged
    services.save_scores(nomination=nomination, judge=judge, values={vision.pk: 6})
    with pytest.raises(services.AwardsError) as info:
        # Replicable is on 1-5: 0 is outside even if Vision is fine.
        services.save_scores(nomination=nomination, judge=judge,
                             values={vision.pk: 9, replicable.pk: 0})
    assert info.value.code == "out_of_scale"
    assert info.value.message == "“Nhân rộng”: điểm phải từ 1 đến 5."
    assert list(Score.objects.values_list("criterion_id", "value")) == [(vision.pk, Decimal(6))]
    for bad, code in (("11", "out_of_scale"), ("abc", "not_a_number"), ("NaN", "out_of_scale"),
                      ("7.125", "too_precise")):
        with pytest.raises(services.AwardsError) as info:
            services.save_scores(nomination=nomination, judge=judge, values={vision.pk: bad})
        assert info.value.code == code


def test_required_criteria_must_be_scored_to_submit(judged):
    nomination, judge, _other, (_vision, replicable, _remarks) = judged
    with pytest.raises(services.AwardsError) as info:
        services.save_scores(nomination=nomination, judge=judge, submit=True,
                             values={replicable.pk: 3})
    assert info.value.code == "scores_missing"
    assert "Tầm nhìn" in info.value.message
    assert not Score.objects.exists()


def test_a_judge_cannot_score_a_nomination_not_assigned_to_them(judged, make_judge,
                                                                 make_nomination, secretariat):
    nomination, judge, _other, (vision, _r, _m) = judged
    outsider = make_judge()
    with pytest.raises(services.AwardsError) as info:
        services.save_scores(nomination=nomination, judge=outsider, values={vision.pk: 5})
    assert (info.value.code, info.value.status) == ("not_assigned", 403)
    assert info.value.message == "Hồ sơ này không được phân công cho bạn."
    assert not Score.objects.exists()


def test_judging_dates_are_enforced(judged):
    nomination, judge, _other, (vision, _r, _m) = judged
    cycle = nomination.cycle
    cycle.judging_open = timezone.now() + datetime.timedelta(days=1)
    cycle.judging_close = timezone.now() + datetime.timedelta(days=2)
    cycle.save()
    with pytest.raises(services.AwardsError) as info:
        services.save_scores(nomination=nomination, judge=judge, values={vision.pk: 5})
    assert info.value.code == "judging_closed"


def test_other_judges_scores_are_hidden_until_own_scores_are_submitted(judged, secretariat):
    nomination, first, second, (vision, _r, _m) = judged
    services.save_scores(nomination=nomination, judge=second, values={vision.pk: 9}, submit=True)
    services.save_scores(nomination=nomination, judge=first, values={vision.pk: 4})
    # Before submitting, the first judge sees only their own draft.
    visible = queries.visible_assignments(user=first, nomination=nomination)
    assert [a.judge_id for a in visible] == [first.pk]
    assert first.has_perm("awards.view_other_scores", nomination) is False
    services.save_scores(nomination=nomination, judge=first, values={vision.pk: 4}, submit=True)
    visible = queries.visible_assignments(user=first, nomination=nomination)
    assert sorted(a.judge_id for a in visible) == sorted([first.pk, second.pk])
    assert secretariat.has_perm("awards.view_other_scores", nomination) is True


def test_a_submitted_judge_does_not_see_anothers_draft(judged):
    nomination, first, second, (vision, _r, _m) = judged
    services.save_scores(nomination=nomination, judge=first, values={vision.pk: 4}, submit=True)
    services.save_scores(nomination=nomination, judge=second, values={vision.pk: 9})
    visible = queries.visible_assignments(user=first, nomination=nomination)
    assert [a.judge_id for a in visible] == [first.pk]


def test_score_page_hides_other_scores_until_submission(client, judged):
    nomination, first, second, (vision, _r, _m) = judged
    services.save_scores(nomination=nomination, judge=second, values={vision.pk: 9}, submit=True,
                         comments={vision.pk: "BÍ-MẬT-CỦA-GIÁM-KHẢO-2"})
    client.force_login(first)
    page = client.get(f"/awards/judging/nominations/{nomination.pk}/")
    assert page.status_code == 200
    assert "BÍ-MẬT-CỦA-GIÁM-KHẢO-2" not in page.text
    assert "Điểm của giám khảo khác chỉ hiện sau khi bạn nộp điểm." in page.text
    response = client.post(f"/awards/judging/nominations/{nomination.pk}/",
                           {f"score_{vision.pk}": "5", "submit": "1"})
    assert response.status_code == 302
    page = client.get(f"/awards/judging/nominations/{nomination.pk}/")
    assert "BÍ-MẬT-CỦA-GIÁM-KHẢO-2" in page.text


def test_score_page_refuses_unassigned_judges_and_shows_scale_errors(client, judged, make_judge):
    nomination, first, _second, (vision, _r, _m) = judged
    client.force_login(make_judge())
    assert client.get(f"/awards/judging/nominations/{nomination.pk}/").status_code == 403
    client.force_login(first)
    response = client.post(f"/awards/judging/nominations/{nomination.pk}/",
                           {f"score_{vision.pk}": "12", "save": "1"})
    assert response.status_code == 200
    assert "“Tầm nhìn”: điểm phải từ 0 đến 10." in response.text
    assert not Score.objects.exists()


def test_results_from_the_database_match_the_arithmetic(judged, category, secretariat,
                                                         make_nomination, make_judge):
    nomination, first, second, (vision, replicable, remarks) = judged
    services.save_scores(nomination=nomination, judge=first, submit=True,
                         values={vision.pk: 8, replicable.pk: 5, remarks.pk: 1})  # 85
    services.save_scores(nomination=nomination, judge=second, submit=True,
                         values={vision.pk: 6, replicable.pk: 3})  # 57.5
    other = make_nomination(S.ELIGIBLE, by=secretariat, name="Trần Văn B")
    assign(other, first)
    services.save_scores(nomination=other, judge=first, values={vision.pk: 7})  # draft: ignored
    rows = queries.category_results(category)
    assert [(r.nomination.pk, r.mean, r.median, r.spread, r.rank) for r in rows] == [
        (nomination.pk, 71.25, 71.25, 13.75, 1), (other.pk, None, None, None, None)]


def test_scoring_rechecks_the_judges_conflicts_not_only_assignment(
    make_nomination, make_judge, secretariat, category
):
    from conference.awards.models import JudgeDeclaration, Nomination

    nomination = make_nomination(S.ELIGIBLE, by=secretariat, organisation="Sở TT&TT Huế")
    same_org, declared = make_judge(organisation="Đại học Đà Nẵng"), make_judge()
    assign(nomination, same_org, declared)
    vision = category.criteria.order_by("sort_order").first()
    # The nominee's organisation is corrected after assignment: now the judge's own.
    corrected = Nomination.objects.get(pk=nomination.pk)
    corrected.nominee_organisation = "Dai hoc Da Nang"  # typed without accents: still the same
    corrected.save()
    # A conflict recorded without going through declare_conflicts (which drops assignments).
    JudgeDeclaration.objects.get(judge=declared).conflicts.add(nomination)
    for judge, code in ((same_org, "conflict"), (declared, "conflict")):
        with pytest.raises(services.AwardsError) as info:
            services.save_scores(nomination=nomination, judge=judge, values={vision.pk: 7},
                                 submit=False)
        assert (info.value.code, info.value.status) == (code, 403)
    assert not Score.objects.exists()
