"""The scanner's front end: the offline decision's module, the badge alphabet from the server,
and hashed module imports in production (so that the service worker keeps what is imported)."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from conference.common.staticfiles import StaticFilesStorage
from conference.registration.badges import CODE_ALPHABET, CODE_LENGTH


def test_the_page_gives_the_scanner_the_servers_badge_alphabet(staff_client):
    page = staff_client.get("/checkin/").content.decode()
    config = json.loads(
        re.search(r'<script id="checkin-config" type="application/json">(.*?)</script>', page,
                  re.S).group(1)
    )
    assert config["badgeCode"] == {"alphabet": CODE_ALPHABET, "length": CODE_LENGTH}
    assert '<script type="module" src="/static/checkin/scanner.js">' in page
    # The service worker keeps the decision module for offline use.
    worker = staff_client.get("/checkin/sw.js").content.decode()
    assert '"/static/checkin/decide.js"' in worker
    assert '"/static/checkin/upload.js"' in worker


def test_no_copy_of_the_alphabet_in_the_scanner_scripts():
    for name in ("scanner.js", "decide.js"):
        source = (Path(settings.BASE_DIR) / "static" / "checkin" / name).read_text()
        assert CODE_ALPHABET not in source, name


def test_production_storage_points_module_imports_at_hashed_files(tmp_path):
    source = FileSystemStorage(location=Path(settings.BASE_DIR) / "static")
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    names = ["checkin/decide.js", "checkin/upload.js", "checkin/scanner.js"]
    for name in names:
        with source.open(name) as handle:
            storage.save(name, handle)
    list(storage.post_process({name: (storage, name) for name in names}))
    decide = Path(storage.stored_name("checkin/decide.js")).name
    scanner = (tmp_path / storage.stored_name("checkin/scanner.js")).read_text()
    assert re.fullmatch(r"decide\.[0-9a-f]{12}\.js", decide)
    assert f'from "./{decide}";' in scanner
    assert (tmp_path / "checkin" / decide).exists()
    upload = Path(storage.stored_name("checkin/upload.js")).name
    assert f'from "./{upload}";' in scanner


def test_manifest_and_service_worker_need_no_login(client):
    """A browser fetches the web app manifest without cookies: behind the login it got a redirect
    and the scanner could not be added to a phone's home screen. Both files hold no data."""
    manifest = client.get("/checkin/app.webmanifest")
    assert manifest.status_code == 200
    assert manifest["Content-Type"] == "application/manifest+json"
    body = manifest.json()
    assert (body["name"], body["lang"], body["start_url"], body["display"]) == (
        "Check-in hội thảo", "vi", "/checkin/", "standalone")
    assert [icon["sizes"] for icon in body["icons"]] == ["192x192", "512x512"]
    english = client.get("/en/checkin/app.webmanifest").json()
    assert (english["name"], english["scope"]) == ("Conference check-in", "/en/checkin/")
    for path in ("/checkin/sw.js", "/en/checkin/sw.js"):
        worker = client.get(path)
        assert worker.status_code == 200
        assert worker["Content-Type"].startswith("text/javascript")
        assert "checkin-shell" in worker.content.decode()
    # The app itself still asks for the staff login.
    assert client.get("/checkin/").status_code == 302
