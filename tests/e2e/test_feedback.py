"""A delegate rates a session on a phone (360 px): picks four stars, adds a comment, sends, then
changes their mind; one rating is kept."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from cms.models import Session
from conference.feedback.models import SessionFeedback
from tests.e2e.conftest import screenshot
from tests.registration.badge_fixtures import *  # noqa: F403


@pytest.mark.django_db(transaction=True)
def test_delegate_rates_a_session_at_360px(page, live_server, edition, user_factory,
                                           make_attendee):
    edition.start_date = edition.end_date = timezone.localdate()
    edition.save()
    start = timezone.now() - datetime.timedelta(minutes=30)
    session = Session.objects.create(edition=edition, title="Dữ liệu mở cho chính quyền số",
                                     start=start, end=start + datetime.timedelta(hours=1))
    user = user_factory(email="thi@mof.gov.vn")
    make_attendee("Nguyễn Thị Anh Thi", email="thi@mof.gov.vn", user=user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value,
                               "url": live_server.url}])
    page.set_viewport_size({"width": 360, "height": 780})

    page.goto(f"/feedback/sessions/{session.pk}/")
    page.locator("label.star", has_text="4").click()
    page.fill("textarea[name=comment]", "Nội dung thiết thực, cần thêm thời gian hỏi đáp.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "feedback-rate-360")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert "đánh giá đã được lưu" in page.content()
    assert page.locator("input[name=rating][value='4']").is_checked()
    screenshot(page, "feedback-rated-360")

    page.locator("label.star", has_text="5").click()
    page.get_by_role("button", name="Cập nhật đánh giá").click()
    page.wait_for_load_state()
    feedback = SessionFeedback.objects.get()
    assert (feedback.rating, feedback.user_id) == (5, user.pk)
    assert feedback.comment == "Nội dung thiết thực, cần thêm thời gian hỏi đáp."
