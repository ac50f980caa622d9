"""The registration desk prints a batch of badges and watches its progress in the admin."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from conference.registration.badges.services import render_badge_batch
from conference.registration.models import BadgeBatch
from tests.e2e.conftest import screenshot
from tests.registration.badge_fixtures import *  # noqa: F403


def _log_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value,
                               "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_desk_prints_a_batch_and_downloads_it_when_done(page, live_server, settings,
                                                        make_attendee, desk_user):
    # Queue tasks without running them, so that the page is seen while the batch waits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for name in ("Nguyễn Thị Anh Thi", "Trần Văn Bình", "Lê An"):
        make_attendee(name, organisation="Sở Thông tin và Truyền thông Đà Nẵng")
    _log_in(page, desk_user, live_server)

    page.goto("/admin/badges/batches/")
    page.select_option("select[name=selection]", "all")
    page.select_option("select[name=size]", "cr80")
    page.check("input[name=sheet]")
    page.get_by_role("button", name="Tạo tệp PDF").click()
    page.wait_for_url("**/admin/badges/batches/*/")
    progress = page.locator("#batch-progress")
    assert progress.get_attribute("data-status") == "queued"
    assert page.locator("[data-download]").is_hidden()
    screenshot(page, "badges-batch-queued")

    batch = BadgeBatch.objects.get()
    render_badge_batch(batch_id=batch.pk)  # what the worker does
    page.locator("[data-download] a").wait_for(state="visible")
    assert page.locator("[data-total]").inner_text() == "3"
    assert page.locator("progress").get_attribute("value") == "100"
    screenshot(page, "badges-batch-done")
    with page.expect_download() as download_info:
        page.locator("[data-download] a").click()
    download = download_info.value
    assert download.suggested_filename == f"badges-2024-{batch.pk}-cr80.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.django_db(transaction=True)
def test_desk_reissues_a_lost_badge(page, live_server, make_attendee, desk_user):
    attendee = make_attendee("Nguyễn Thị Anh Thi", organisation="<b>Sở</b> & Co")
    old_code = attendee.badges.get().code
    _log_in(page, desk_user, live_server)
    page.goto(f"/admin/badges/attendee/{attendee.pk}/")
    assert page.locator("[data-badge-code]").inner_text() == old_code
    assert page.get_by_text("<b>Sở</b> & Co").count() == 1
    page.fill("input[name=reason]", "Mất thẻ")
    page.uncheck("input[name=notify]")
    page.get_by_role("button", name="Cấp lại", exact=True).click()
    page.wait_for_load_state()
    new_code = page.locator("[data-badge-code]").inner_text()
    assert new_code != old_code
    assert page.get_by_role("cell", name="Mất thẻ").count() == 1
    preview = page.locator("[data-badge-preview]")
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 800
    screenshot(page, "badges-attendee-reissued")
