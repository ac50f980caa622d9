"""A nomination from draft to submitted, in Vietnamese, with an evidence file; the secretariat
marks it eligible and assigns judges; a judge declares, scores (a score outside the scale is
refused) and submits; the secretariat sees the results."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from conference.accounts.roles import AWARDS_SECRETARIAT
from conference.awards import services
from conference.awards.enums import NominationStatus
from conference.awards.models import AwardCategory, CategoryJudge, Nomination

from .conftest import screenshot

pytestmark = pytest.mark.browser


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Bao cao chuyen doi so 2024")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _login_as(page, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value,
                               "url": page.evaluate("() => location.origin")}])


@pytest.fixture
def awards_demo(transactional_db):
    """The demo edition. A transactional test before this one may have flushed the tables,
    taking Wagtail's root page (made by a migration) with them: put it back first."""
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from cms.models import Edition

    if not Page.objects.filter(depth=1).exists():
        locale, _ = Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    call_command("load_demo", password="demo-password-123", stdout=io.StringIO())
    _reopen_the_cycle()
    return Edition.objects.get(year=2024)


def _reopen_the_cycle() -> None:
    """The demo tells the 2024 cycle as it happened (closed, judged, published): this test runs
    a new round in it, so its story (nominations, panels) goes and its dates move to today."""
    import datetime

    from django.utils import timezone

    from conference.awards.models import AwardCycle, CategoryJudge, Certificate

    cycle = AwardCycle.objects.get(edition__year=2024)
    Certificate.objects.filter(nomination__cycle=cycle).delete()
    Nomination.objects.filter(cycle=cycle).delete()
    CategoryJudge.objects.filter(category__cycle=cycle).delete()
    now = timezone.now()
    day = datetime.timedelta(days=1)
    AwardCycle.objects.filter(pk=cycle.pk).update(
        nominations_open=now - 30 * day, nominations_close=now + 60 * day,
        judging_open=now - day, judging_close=now + 90 * day, voting_open=now - day,
        voting_close=now + 90 * day, results_published_at=None, results_released_at=None)


def test_nominate_submit_screen_score_results(page, awards_demo, user_factory, live_server):
    from allauth.mfa.models import Authenticator

    demo = awards_demo
    cycle = demo.award_cycle
    cycle.judges_per_nomination = 2
    cycle.save()
    category = AwardCategory.objects.get(cycle=cycle, sector="provincial")
    nominator = user_factory(email="nguoi.de.cu@example.com", password="Mat-khau-2024!",
                             first_name="Hà", last_name="Trần Thu")
    secretariat = user_factory(email="thu.ky@example.com")
    secretariat.groups.add(Group.objects.get(name=AWARDS_SECRETARIAT))
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    judge_a = user_factory(email="giam.khao.a@example.com")
    judge_b = user_factory(email="giam.khao.b@example.com")
    for judge in (judge_a, judge_b):
        CategoryJudge.objects.create(category=category, user=judge)
        # A panel judge reads private evidence: TOTP, as for staff.
        Authenticator.objects.create(user=judge, type=Authenticator.Type.TOTP,
                                     data={"secret": "JBSWY3DPEHPK3PXP"})
    services.declare_conflicts(cycle=cycle, judge=judge_b, organisation="Viện Công nghệ số")

    # --- The nominator signs in and starts a nomination, in Vietnamese. ---------------------
    page.goto("/accounts/login/?next=/awards/")
    page.fill("input[name=login]", "nguoi.de.cu@example.com")
    page.fill("input[name=password]", "Mat-khau-2024!")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/awards/")
    assert page.locator("h1").first.inner_text() == "Lãnh đạo chuyển đổi số tiêu biểu 2024"
    page.locator(f"#category-{category.pk} a.button").click()
    page.get_by_label("Tôi đề cử người khác").check()
    page.get_by_role("button", name="Bắt đầu đề cử").click()
    page.wait_for_url("**/edit/")
    page.fill("#id_nominee_name", "Nguyễn Thị Anh Thi")
    page.fill("#id_nominee_position", "Phó Chủ tịch UBND thành phố")
    page.fill("#id_nominee_organisation", "UBND thành phố Đà Nẵng")
    page.fill("#id_nominee_email", "anh.thi@example.com")
    page.fill("#id_summary", "Dẫn dắt Đà Nẵng hai năm liền đứng đầu chỉ số DTI.")
    page.fill("#id_achievements", "95% dịch vụ công trực tuyến toàn trình.\nKinh tế số 20,7% GRDP.")
    page.fill("#id_figures-0-label", "Dịch vụ công trực tuyến toàn trình")
    page.fill("#id_figures-0-value", "95%")
    # A web page disguised as an image is refused, and nothing is saved.
    page.set_input_files("#id_file", files=[{"name": "anh.png", "mimeType": "image/png",
                                             "buffer": b"<html><script>x()</script></html>"}])
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Chỉ nhận tài liệu PDF và ảnh PNG, JPEG hoặc WebP")).to_be_visible()
    nomination = Nomination.objects.get(nominator=nominator)
    assert nomination.nominee_name == ""
    screenshot(page, "awards-1-disguised-file-refused")
    page.set_input_files("#id_file", files=[{"name": "bao-cao.pdf",
                                             "mimeType": "application/pdf",
                                             "buffer": _pdf()}])
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    expect(page.get_by_role("link", name="bao-cao.pdf")).to_be_visible()
    screenshot(page, "awards-2-draft-saved")

    page.get_by_label("Tôi xác nhận ứng viên đáp ứng các điều kiện").check()
    page.get_by_role("button", name="Nộp hồ sơ đề cử").click()
    page.wait_for_url(f"**/awards/nominations/{nomination.pk}/")
    expect(page.get_by_text("Hồ sơ đề cử đã được nộp. Xin cảm ơn!")).to_be_visible()
    expect(page.locator(".tag").first).to_have_text("Đã nộp")
    screenshot(page, "awards-3-submitted")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.evidence.count() == 1

    # --- The secretariat marks it eligible and assigns judges. ------------------------------
    _login_as(page, secretariat)
    page.goto(f"/awards/secretariat/nominations/{nomination.pk}/")
    page.select_option("#id_to", "eligible")
    page.get_by_role("button", name="Đổi trạng thái").last.click()
    expect(page.get_by_text("Đã đổi trạng thái.")).to_be_visible()
    page.goto(f"/awards/secretariat/categories/{category.pk}/")
    page.get_by_role("button", name="Phân công giám khảo (2 mỗi hồ sơ)").click()
    # Judge A has not declared yet: not enough judges, said plainly.
    expect(page.get_by_text("Chưa kê khai: ")).to_be_visible()
    screenshot(page, "awards-4-assignment-needs-declarations")

    # --- Judge A declares, then scores. -------------------------------------------------------
    _login_as(page, judge_a)
    page.goto("/awards/judging/")
    page.get_by_role("link", name="Kê khai xung đột lợi ích").click()
    page.fill("#id_organisation", "Đại học Đà Nẵng")
    page.get_by_label("Tôi cam đoan kê khai đầy đủ").check()
    page.get_by_role("button", name="Lưu bản kê khai").click()
    expect(page.get_by_text("Bản kê khai của bạn đã được ghi nhận.")).to_be_visible()

    _login_as(page, secretariat)
    page.goto(f"/awards/secretariat/categories/{category.pk}/")
    page.get_by_role("button", name="Phân công giám khảo (2 mỗi hồ sơ)").click()
    assigned = "Đã phân công giám khảo: 1 hồ sơ, mỗi hồ sơ 2 giám khảo."
    expect(page.get_by_text(assigned)).to_be_visible()

    criteria = list(category.criteria.order_by("sort_order"))
    services.save_scores(nomination=nomination, judge=judge_b, submit=True,
                         values={c.pk: (c.scale_max if c.counted else c.scale_min)
                                 for c in criteria})

    _login_as(page, judge_a)
    page.goto("/awards/judging/")
    page.get_by_role("link", name="Nguyễn Thị Anh Thi").click()
    hidden = "Điểm của giám khảo khác chỉ hiện sau khi bạn nộp điểm."
    expect(page.get_by_text(hidden)).to_be_visible()
    page.fill(f"#id_score_{criteria[0].pk}", "11")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("“Tầm nhìn và chiến lược chuyển đổi số”: điểm phải từ 0 đến 10."
                            )).to_be_visible()
    values = {criteria[0].pk: "8", criteria[1].pk: "6", criteria[2].pk: "7",
              criteria[3].pk: "5", criteria[4].pk: "4"}
    for criterion_id, value in values.items():
        page.fill(f"#id_score_{criterion_id}", value)
    page.fill(f"#id_comment_{criteria[1].pk}", "Số liệu rõ ràng, có minh chứng.")
    screenshot(page, "awards-5-judge-scoring")
    page.get_by_role("button", name="Nộp điểm chính thức").click()
    expect(page.get_by_text("Điểm của bạn đã được nộp.")).to_be_visible()
    expect(page.get_by_text("Giám khảo 1")).to_be_visible()  # the other judge, now visible
    screenshot(page, "awards-6-judge-submitted")

    # --- Results -----------------------------------------------------------------------------
    _login_as(page, secretariat)
    page.goto(f"/awards/secretariat/categories/{category.pk}/")
    row = page.locator("#results tbody tr").first
    # Judge B: all counted criteria at 10 -> 100.
    # Judge A: (3*80 + 4*60 + 2*70 + 1*50) / 10 = 67 (the shown-only criterion does not count).
    # Mean 83.5, median 83.5, spread 16.5.
    cells = [c.strip() for c in row.locator("td").all_inner_texts()][1:]  # after the checkbox
    assert cells[0] == "1"
    assert cells[3] == "2/2"
    assert cells[4:7] == ["83,50", "83,50", "16,50\n67,0–100,0"]
    screenshot(page, "awards-7-results")
    assert Decimal(cells[-1].replace(",", ".")) == Decimal("83.500")
