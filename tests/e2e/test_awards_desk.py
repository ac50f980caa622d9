"""The secretariat's bulk menu offers only the statuses the selected nominations may become;
publishing asks for confirmation first."""

import pytest
from playwright.sync_api import expect

from conference.awards.enums import NominationStatus as S
from conference.awards.models import AwardCycle
from tests.awards.conftest import category, cycle, make_nomination, secretariat  # noqa: F401

from .conftest import screenshot
from .test_awards import _login_as

pytestmark = pytest.mark.browser


def options(page) -> list[str]:
    return page.locator("#bulk-to option:not([disabled])").all_inner_texts()


def test_bulk_menu_offers_only_allowed_transitions_and_publish_confirms(
        transactional_db, page, make_nomination, secretariat, category):  # noqa: F811
    make_nomination(S.SHORTLISTED, by=secretariat, name="Trần Thu Hà")
    make_nomination(S.FINALIST, by=secretariat, name="Lê Văn Minh")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/awards/")
    _login_as(page, secretariat)
    page.goto(f"/awards/secretariat/categories/{category.pk}/")
    # Nothing selected: the button waits for a selection.
    expect(page.locator("#bulk-submit")).to_be_disabled()
    page.get_by_label("Trần Thu Hà").check()
    assert options(page) == ["Vào chung khảo", "Không được chọn"]
    page.get_by_label("Trần Thu Hà").uncheck()
    page.get_by_label("Lê Văn Minh").check()
    assert options(page) == ["Vào vòng trong", "Đạt giải", "Không được chọn"]
    screenshot(page, "awards-desk-bulk-finalist")
    page.get_by_label("Trần Thu Hà").check()
    assert options(page) == ["Không được chọn"]
    page.get_by_label("Lê Văn Minh").uncheck()

    page.select_option("#bulk-to", label="Vào chung khảo")
    page.get_by_label("Trần Thu Hà").check()
    page.locator("#bulk-submit").click()
    expect(page.get_by_text("Đã đổi trạng thái: 1 hồ sơ.")).to_be_visible()
    page.get_by_label("Lê Văn Minh").check()
    page.select_option("#bulk-to", label="Đạt giải")
    page.locator("#bulk-submit").click()
    expect(page.get_by_text("Đã đổi trạng thái: 1 hồ sơ.")).to_be_visible()

    page.goto("/awards/secretariat/")
    page.get_by_role("link", name="Công bố người đạt giải và cấp giấy chứng nhận").click()
    expect(page.get_by_role("heading", name="Công bố kết quả?")).to_be_visible()
    expect(page.get_by_text("1 người đạt giải và 1 người vào chung khảo")).to_be_visible()
    screenshot(page, "awards-desk-publish-confirm")
    assert AwardCycle.objects.get(pk=category.cycle_id).results_published_at is None
    page.get_by_role("button", name="Đồng ý, công bố kết quả").click()
    expect(page.get_by_text("Đã công bố kết quả.")).to_be_visible()
    assert AwardCycle.objects.get(pk=category.cycle_id).results_published_at is not None
