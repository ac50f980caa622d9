"""The judge picker in the category form lists only judges and searches without accents."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from conference.accounts.roles import JUDGE, sync_roles
from conference.awards.models import AwardCategory, CategoryJudge
from tests.awards.conftest import category, cycle, secretariat  # noqa: F401

from .conftest import screenshot
from .test_awards import _login_as

pytestmark = pytest.mark.browser


def test_judge_picker_offers_only_judges(
        transactional_db, page, user_factory, secretariat, category):  # noqa: F811
    sync_roles()
    judge = user_factory(email="giamkhao@example.com", first_name="Hà", last_name="Nguyễn Thu")
    judge.groups.add(Group.objects.get(name=JUDGE))
    invited = user_factory(email="moi@example.com", first_name="Minh", last_name="Lê Văn")
    other = AwardCategory.objects.create(cycle=category.cycle, name="Doanh nghiệp",
                                         name_en="Businesses", sort_order=2)
    CategoryJudge.objects.create(category=other, user=invited)  # invited to another panel
    user_factory(email="daibieu@example.com", first_name="An", last_name="Trần")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/awards/")
    _login_as(page, secretariat)
    page.goto(f"/admin/awards/categories/edit/{category.pk}/")
    page.locator("#id_judges-ADD").click()
    page.get_by_role("button", name="Chọn giám khảo").click()
    modal = page.locator(".modal-content")
    expect(modal.get_by_text("giamkhao@example.com")).to_be_visible()
    expect(modal.get_by_text("moi@example.com")).to_be_visible()
    expect(modal.get_by_text("daibieu@example.com")).to_have_count(0)
    modal.get_by_placeholder("Họ tên hoặc email").fill("nguyen")
    expect(modal.get_by_text("moi@example.com")).to_have_count(0)
    expect(modal.get_by_text("giamkhao@example.com")).to_be_visible()
    expect(modal.get_by_text("Họ và tên")).to_be_visible()
    screenshot(page, "awards-judge-picker")
