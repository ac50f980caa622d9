"""The desk's registration page shows each question's label and a readable answer (it showed
"gala: True"), and offers no refund for a 0 ₫ registration."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from conference.accounts.roles import REGISTRATION_DESK, sync_roles
from conference.registration import services
from conference.registration.enums import QuestionKind
from conference.registration.models import Question
from tests.registration.factories import consent, make_category, make_edition, person

from .conftest import screenshot
from .test_awards import _login_as

pytestmark = pytest.mark.browser


def test_desk_reads_answers_by_their_question_and_no_refund_when_free(
        transactional_db, page, user_factory):
    sync_roles()
    desk = user_factory(email="desk@govconf.vn")
    desk.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    Authenticator.objects.create(user=desk, type=Authenticator.Type.TOTP, data={"secret": "x"})
    edition = make_edition()
    category = make_category(edition, name="Đại biểu cơ quan nhà nước")
    Question.objects.create(category=category, key="gala", kind=QuestionKind.YES_NO,
                            label="Tham dự Lễ tôn vinh buổi tối?", required=True)
    Question.objects.create(category=category, key="agency_level", kind=QuestionKind.CHOICE,
                            label="Cấp cơ quan", choices="Trung ương\nTỉnh/thành phố",
                            choices_en="Central\nProvince/city", required=True)
    registration = services.start_registration(
        category=category, consent_version=consent(edition),
        attendees=[person(1, answers={"gala": "yes", "agency_level": "Tỉnh/thành phố"})])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    _login_as(page, desk)
    page.goto(f"/admin/registration-desk/{registration.pk}/")
    row = page.locator("table.listing tbody tr").first
    expect(row).to_contain_text("Tham dự Lễ tôn vinh buổi tối?: Có")
    expect(row).to_contain_text("Cấp cơ quan: Tỉnh/thành phố")
    expect(row).not_to_contain_text("gala")
    # 0 ₫: cancelling offers no refund choice.
    expect(page.get_by_text("Hoàn toàn bộ số tiền đã thanh toán")).to_have_count(0)
    screenshot(page, "desk-registration-detail")
