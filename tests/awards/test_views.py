"""Pages: public index in both languages, nominating, consent, declaration, secretariat desk,
demo data, and pinned query counts."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from conference.awards import services
from conference.awards.enums import ConsentState, NominationStatus
from conference.awards.models import (
    AwardCategory,
    AwardCycle,
    AwardsPage,
    Criterion,
    JudgeAssignment,
    JudgeDeclaration,
    Nomination,
)

from .conftest import assign

S = NominationStatus


def test_index_shows_cycle_rules_and_rubric_in_both_languages(client, category):
    vi = client.get("/awards/")
    assert vi.status_code == 200
    assert "Lãnh đạo chuyển đổi số tiêu biểu 2024" in vi.text
    assert "Giữ vị trí lãnh đạo ít nhất 12 tháng." in vi.text
    assert "Tầm nhìn" in vi.text and "trọng số 3" in vi.text and "không tính điểm" in vi.text
    en = client.get("/en/awards/")
    assert "Leading Digital Transformation Leaders 2024" in en.text
    assert "Held a leading position for at least 12 months." in en.text
    assert "Vision" in en.text and "weight 3" in en.text and "not counted" in en.text


def test_nominating_needs_an_account_and_creates_a_draft(client, category, user_factory):
    url = f"/awards/nominate/{category.pk}/"
    assert client.get(url).status_code == 302
    user = user_factory()
    client.force_login(user)
    response = client.post(url, {"kind": "other"})
    nomination = Nomination.objects.get(nominator=user)
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/edit/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Lưu nháp" in page.text
    # Someone else cannot open the draft.
    client.force_login(user_factory())
    assert client.get(f"/awards/nominations/{nomination.pk}/edit/").status_code == 404
    assert client.get(f"/awards/nominations/{nomination.pk}/").status_code == 404


def test_consent_page(client, make_nomination):
    nomination = make_nomination(consent=False)
    url = f"/awards/consent/{services.consent_token(nomination)}/"
    page = client.get(url)
    assert "Nguyễn Thị Anh Thi, bạn đã được đề cử" in page.text
    client.post(url, {"answer": "no"})
    assert Nomination.objects.get(pk=nomination.pk).consent_state == ConsentState.DECLINED
    assert client.get("/awards/consent/forged/").status_code == 404


def test_judge_declares_then_sees_assignments(client, category, make_nomination, make_judge,
                                              secretariat):
    nomination = make_nomination(S.ELIGIBLE, by=secretariat)
    judge = make_judge(declare=False)
    assign(nomination, judge)
    client.force_login(judge)
    home = client.get("/awards/judging/")
    assert "Trước hết, hãy kê khai xung đột lợi ích" in home.text
    # Not declared yet: the assignment is not usable.
    assert client.get(f"/awards/judging/nominations/{nomination.pk}/").status_code == 403
    response = client.post(f"/awards/judging/{category.cycle.pk}/declaration/", {
        "organisation": "Đại học Bách khoa Đà Nẵng", "truthful": "on"})
    assert response.status_code == 302
    assert JudgeDeclaration.objects.get(judge=judge).organisation_folded == \
        "dai hoc bach khoa da nang"
    home = client.get("/awards/judging/")
    assert f"/awards/judging/nominations/{nomination.pk}/" in home.text


def test_secretariat_desk_is_for_the_secretariat_only(client, category, user_factory):
    client.force_login(user_factory())
    assert client.get("/awards/secretariat/").status_code == 403
    assert client.get(f"/awards/secretariat/categories/{category.pk}/").status_code == 403


def test_secretariat_screens_assigns_and_sees_results(client, category, make_nomination,
                                                      make_judge, secretariat,
                                                      django_assert_max_num_queries):
    nominations = [make_nomination(by=secretariat, name=f"Ứng viên {i}") for i in range(4)]
    judges = [make_judge() for _ in range(3)]
    client.force_login(secretariat)
    url = f"/awards/secretariat/nominations/{nominations[0].pk}/"
    response = client.post(url, {"to": S.INELIGIBLE, "reason": ""})
    assert "Hãy nêu lý do hồ sơ không đủ điều kiện." in response.text
    client.post(url, {"to": S.INELIGIBLE, "reason": "Chưa đủ 12 tháng"})
    for nomination in nominations[1:]:
        client.post(f"/awards/secretariat/nominations/{nomination.pk}/", {"to": S.ELIGIBLE})
    assert Nomination.objects.filter(status=S.ELIGIBLE).count() == 3
    client.post(f"/awards/secretariat/categories/{category.pk}/", {"assign": "1"})
    assert JudgeAssignment.objects.count() == 6  # 3 nominations x 2 judges
    vision = category.criteria.get(sort_order=0)
    for assignment in JudgeAssignment.objects.all():
        services.save_scores(nomination=assignment.nomination, judge=assignment.judge,
                             values={vision.pk: 7}, submit=True)
    with django_assert_max_num_queries(12):
        page = client.get(f"/awards/secretariat/categories/{category.pk}/")
    assert page.status_code == 200
    assert page.text.count("đồng hạng") == 3  # every nominee at 70: a three-way tie
    assert "Ứng viên 0" in page.text  # listed under screening, ineligible
    csv = client.get(f"/awards/secretariat/categories/{category.pk}/results.csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Hạng,Ứng viên,Đơn vị")
    assert lines[1].startswith("1=,Ứng viên")
    assert len(judges) == 3


def test_results_page_query_count_does_not_grow_with_nominations(
    client, category, make_nomination, make_judge, secretariat, django_assert_num_queries
):
    judges = [make_judge(), make_judge()]
    vision = category.criteria.get(sort_order=0)

    def add(n):
        for i in range(n):
            nomination = make_nomination(S.ELIGIBLE, by=secretariat, name=f"N{i}")
            assign(nomination, *judges)
            for judge in judges:
                services.save_scores(nomination=nomination, judge=judge, values={vision.pk: 5},
                                     submit=True)

    client.force_login(secretariat)
    add(2)
    url = f"/awards/secretariat/categories/{category.pk}/"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(4)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_public_index_query_count(client, category, make_nomination, secretariat, user_factory,
                                  django_assert_max_num_queries):
    for i in range(5):
        make_nomination(S.SHORTLISTED, by=secretariat, name=f"N{i}")
    category.public_vote_enabled = True
    category.save()
    client.force_login(user_factory())
    with django_assert_max_num_queries(14):
        response = client.get("/awards/")
    assert response.text.count("Bình chọn</button>") == 5


@pytest.mark.django_db
def test_demo_loader_is_idempotent_and_publishes_the_awards_page(client, demo):
    cycle = AwardCycle.objects.get(edition=demo)
    counts = (AwardCategory.objects.count(), Criterion.objects.count(), Page.objects.count())
    assert counts[0] == 4 and counts[1] == 20
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (AwardCategory.objects.count(), Criterion.objects.count(),
            Page.objects.count()) == counts
    assert set(AwardsPage.objects.values_list("locale__language_code", flat=True)) == {"vi",
                                                                                       "en"}
    vi_page = AwardsPage.objects.get(locale__language_code="vi")
    en_page = AwardsPage.objects.get(locale__language_code="en")
    vi = client.get(vi_page.url)
    en = client.get(en_page.url)
    assert vi.status_code == en.status_code == 200
    assert "Lãnh đạo chuyển đổi số tiêu biểu" in vi.text
    assert "Leading Digital Transformation Leaders" in en.text
    # The 2024 cycle as it happened: closed, judged, its winners published at the ceremony.
    assert not cycle.nominations_are_open()
    assert cycle.results_published_at is not None


def test_wagtail_admin_viewsets_for_the_secretariat(client, category, make_nomination,
                                                    secretariat):
    nomination = make_nomination()
    client.force_login(secretariat)
    for url in ("/admin/awards/cycles/", "/admin/awards/categories/",
                f"/admin/awards/categories/edit/{category.pk}/",
                "/admin/awards/nominations/", f"/admin/awards/nominations/edit/{nomination.pk}/",
                f"/admin/awards/nominations/inspect/{nomination.pk}/",
                "/admin/awards/certificates/"):
        response = client.get(url)
        assert response.status_code == 200, url
    edit = client.get(f"/admin/awards/categories/edit/{category.pk}/").text
    assert "Tầm nhìn" in edit and "Nhân rộng" in edit  # the rubric inline
    menu = client.get("/admin/").text
    assert "/awards/secretariat/" in menu


def test_awards_page_lists_published_winners_in_both_languages(client, demo, user_factory,
                                                               django_assert_max_num_queries):
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from .conftest import pdf_bytes

    now = timezone.now()
    # The demo's 2024 cycle, reopened and unpublished for a new round of nominations.
    AwardCycle.objects.filter(edition=demo).update(
        nominations_open=now - datetime.timedelta(days=10),
        nominations_close=now + datetime.timedelta(days=10), results_published_at=None)
    cycle = AwardCycle.objects.get(edition=demo)
    category = cycle.categories.get(sector="provincial")
    staff = user_factory(is_staff=True)
    nominator = user_factory()
    for name in ("Nguyễn Thị Anh Thi", "Lê Văn Minh", "Phạm Hồng Nhung"):
        nomination = services.create_nomination(cycle=cycle, category=category,
                                                nominator=nominator)
        services.update_nomination(nomination=nomination, by=nominator, data={
            "nominee_name": name, "nominee_position": "Phó Chủ tịch",
            "nominee_organisation": "UBND", "nominee_sector": "provincial",
            "nominee_email": "x@example.com", "summary": "s", "achievements": "a"})
        services.add_evidence(nomination=nomination, by=nominator,
                              upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
        services.submit_nomination(nomination=nomination, by=nominator,
                                   eligibility_confirmed=True)
        nomination.refresh_from_db()
        services.record_nominee_consent(token=services.consent_token(nomination), given=True)
        for step in (S.ELIGIBLE, S.SHORTLISTED, S.FINALIST):
            services.change_status(nomination=nomination, to=step, by=staff)
    winner = Nomination.objects.get(nominee_name="Nguyễn Thị Anh Thi")
    services.change_status(nomination=winner, to=S.WINNER, by=staff)
    Nomination.objects.filter(nominee_name="Phạm Hồng Nhung").update(
        consent_state=ConsentState.DECLINED)  # withdrew consent: never published
    vi_page = AwardsPage.objects.get(locale__language_code="vi")
    en_page = AwardsPage.objects.get(locale__language_code="en")
    assert "Nguyễn Thị Anh Thi" not in client.get(vi_page.url).text  # not published yet
    services.publish_results(cycle=cycle, by=staff)
    with django_assert_max_num_queries(25):
        vi = client.get(vi_page.url).text
    en = client.get(en_page.url).text
    for text, category_name, label in ((vi, "Lãnh đạo cấp tỉnh, thành phố", "Đạt giải"),
                                       (en, "Provincial and city leaders", "Winner")):
        assert category_name in text and label in text
        assert "Nguyễn Thị Anh Thi" in text and "Lê Văn Minh" in text
        assert "Phạm Hồng Nhung" not in text


def test_bulk_decisions_from_the_ranking_are_all_or_nothing(client, category, make_nomination,
                                                            secretariat):
    consented = make_nomination(S.SHORTLISTED, by=secretariat, name="Có Đồng Ý")
    pending = make_nomination(S.SHORTLISTED, by=secretariat, name="Chưa Trả Lời", consent=False)
    client.force_login(secretariat)
    url = f"/awards/secretariat/categories/{category.pk}/"
    response = client.post(url, {"bulk": "1", "to": S.FINALIST,
                                  "selected": [consented.pk, pending.pk]}, follow=True)
    assert "Chưa Trả Lời: Ứng viên chưa đồng ý công bố." in response.text
    assert set(Nomination.objects.values_list("status", flat=True)) == {S.SHORTLISTED}
    client.post(url, {"bulk": "1", "to": S.FINALIST, "selected": [consented.pk]})
    assert Nomination.objects.get(pk=consented.pk).status == S.FINALIST


def test_secretariat_resends_the_consent_request(client, make_nomination, secretariat,
                                                 django_capture_on_commit_callbacks):
    from django.core import mail

    nomination = make_nomination(consent=False)
    client.force_login(secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/awards/secretariat/nominations/{nomination.pk}/",
                    {"resend_consent": "1"})
    assert [m.to for m in mail.outbox] == [["nominee@example.com"]]
    assert services.consent_token(nomination).split(":")[0] in mail.outbox[0].body
    Nomination.objects.filter(pk=nomination.pk).update(consent_state=ConsentState.GIVEN)
    with pytest.raises(services.AwardsError):
        services.resend_consent_request(nomination=nomination, by=secretariat)
