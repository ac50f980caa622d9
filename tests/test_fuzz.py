"""Property-based fuzzing (hypothesis): no input makes any JSON endpoint or public GET page answer
5xx.

Every JSON endpoint gets bodies built from a valid request with any field swapped for any JSON
value (deep lists and objects, 1e400, NaN, huge integers, NUL and lone surrogates in text,
wrong types) and raw bodies that are not JSON at all; the public pages and APIs get query
strings of any keys and values. The Django test client re-raises a view's exception, so a 500
fails the test with the (shrunk) input that caused it. Derandomized, so `make test` runs the
same requests every time, and kept to a few hundred per endpoint so that it stays fast.
"""

import json
import time
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.payments.fake_stripe import sign

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_fuzz_test_secret"  # noqa: S105
FUZZ = settings(max_examples=120, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
SENT = {"requests": 0, "5xx": 0}

# Text that has hurt before: NUL and control characters, a lone surrogate, a long string, SQL,
# markup, a number PostgreSQL cannot hold.
NASTY_TEXT = st.sampled_from([
    "\x00", "a\x00b", "\x1b[2J", "\ud800", "x" * 5000, "'; DROP TABLE x; --", "<script>",
    "1e400", "99999999999999999999", "", " ", "Nguyễn Thị Ánh", "ACDEFGHJKMNPQRTUVWXY34",
])
TEXT = st.one_of(st.text(max_size=40), NASTY_TEXT)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.floats(),
    st.sampled_from([0, -1, 1, 2**31, 2**63, float("inf"), float("-inf"), float("nan")]),
)
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=10,
)
RAW = st.one_of(
    st.sampled_from([
        "[" * 5000, "{" * 5000, '{"a":' * 3000, "1e400", "NaN", "null", "[]", '""', "{}",
        "\x00", '{"\\u0000": 1}', "\xff\xfe", '{"a": 1', "true",
    ]),
    st.text(max_size=60),
)


def vary(template: dict):
    """``template`` with each field kept, dropped or replaced by any JSON value."""
    keep = object()
    return st.fixed_dictionaries({
        key: st.one_of(st.just(keep), st.just(None), JSON) for key in template
    }).map(lambda changes: {
        key: (template[key] if value is keep else value)
        for key, value in changes.items()
    })


def body(template: dict):
    """A request body: mostly a varied valid request, sometimes anything at all."""
    return st.one_of(
        vary(template).map(lambda data: json.dumps(data, allow_nan=True)),
        JSON.map(lambda data: json.dumps(data, allow_nan=True)),
        RAW,
    )


def send(client: Client, method: str, path: str, **kwargs):
    response = getattr(client, method)(path, **kwargs)
    SENT["requests"] += 1
    if response.status_code >= 500:
        SENT["5xx"] += 1
    assert response.status_code < 500, (method, path, kwargs, response.content[:300])
    return response


@pytest.fixture
def world(db, settings):
    """The demo's site and programme, a paid category, a check-in point, a scanner device and a
    logged-in visitor."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from checkin.models import CheckinPoint
    from checkin.services import register_device
    from cms import demo as cms_demo
    from cms.models import Session
    from conference.accounts.roles import CHECKIN_STAFF, sync_roles
    from conference.registration.badges import issue_badge
    from conference.registration.models import Attendee, Category, Registration

    settings.REGISTRATION_RATE_LIMIT = 0
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = ""
    started = time.monotonic()
    with disable_reference_index_auto_update():
        edition = cms_demo.load()
    print(f"\nfuzz: site and programme loaded in {time.monotonic() - started:.1f} s")  # noqa: T201
    category = Category.objects.create(edition=edition, code="fuzz", name="Đại biểu",
                                       name_en="Delegate", quota=100_000, price_vnd=500_000)
    registration = Registration.objects.create(edition=edition, category=category,
                                               reference="FUZZ0001", contact_email="c@example.vn",
                                               status="confirmed")
    attendee = Attendee.objects.create(registration=registration, full_name="Lê Thu Hà",
                                       email="ha@example.vn")
    badge = issue_badge(attendee=attendee)
    point = CheckinPoint.objects.create(edition=edition, name="Cửa chính", name_en="Main")
    sync_roles()
    staff = get_user_model().objects.create_user(email="scan@example.vn", password="x-Pass-123")
    staff.groups.add(Group.objects.get(name=CHECKIN_STAFF))
    _device, token = register_device(user=staff, name="Fuzz phone")
    from conference.registration.services import issue_api_key

    _api_key, api_key = issue_api_key(name="Fuzz kiosk", by=None)
    visitor = get_user_model().objects.create_user(email="visitor@example.vn", password="x")
    logged_in = Client()
    logged_in.force_login(visitor)
    return {
        "edition": edition, "category": category, "badge": badge.code, "point": point.pk,
        "token": token, "session": Session.objects.filter(edition=edition).first().pk,
        "visitor": logged_in, "api_key": api_key,
    }


# Hypothesis warns that the repr of a 5,000-bracket body is large: that body is the point.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
def test_no_input_makes_any_json_endpoint_or_public_page_answer_5xx(world):
    started = time.monotonic()
    SENT.update(requests=0, **{"5xx": 0})
    anonymous = Client()
    device = {"HTTP_AUTHORIZATION": f"Device {world['token']}"}
    now = timezone.now().isoformat()

    scan = {"code": world["badge"], "point": world["point"], "nonce": uuid.uuid4().hex,
            "method": "camera"}

    @FUZZ
    @given(body(scan))
    def scan_api(raw):
        send(anonymous, "post", "/api/checkin/scan/", data=raw,
             content_type="application/json", **device)

    item = {**scan, "scanned_at": now, "local_result": "admitted"}

    @FUZZ
    @given(st.one_of(
        st.lists(vary(item), max_size=4).map(lambda items: json.dumps({"scans": items},
                                                                        allow_nan=True)),
        body({"scans": [item]}),
    ))
    def upload_api(raw):
        send(anonymous, "post", "/api/checkin/scans/", data=raw,
             content_type="application/json", **device)

    attendee = {"full_name": "Nguyễn Văn A", "email": "a@example.vn", "position": "Chuyên viên",
                "organisation": "Sở TT&TT", "phone": "0905123456", "language": "vi",
                "accessibility_needs": "", "answers": {}}

    @FUZZ
    @given(st.one_of(
        st.lists(vary(attendee), max_size=3).map(
            lambda people: json.dumps({"attendees": people, "consent_version": "1"},
                                      allow_nan=True)),
        body({"attendees": [attendee], "consent_version": "1", "contact_email": "c@example.vn",
              "language": "vi", "invitation_code": ""}),
    ))
    def registration_api(raw):
        send(anonymous, "post", "/api/registration/categories/fuzz/register/", data=raw,
             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {world['api_key']}")

    @FUZZ
    @given(body({"session": world["session"], "starred": True}),
           body({"sessions": [world["session"]]}))
    def stars_api(star, merge):
        send(world["visitor"], "post", "/api/me/stars/", data=star,
             content_type="application/json")
        send(world["visitor"], "post", "/api/me/stars/merge/", data=merge,
             content_type="application/json")

    event = {"id": "evt_fuzz", "object": "event", "type": "checkout.session.completed",
             "data": {"object": {"id": "cs_test_fuzz", "payment_intent": "pi_fuzz"}}}

    @FUZZ
    @given(st.one_of(
        vary(event).map(lambda e: json.dumps(e, allow_nan=True)),
        vary(event["data"]["object"]).map(lambda o: json.dumps(
            {**event, "type": "charge.refunded", "data": {"object": o}}, allow_nan=True)),
        body(event),
    ))
    def stripe_webhook(raw):
        # Signed with the endpoint's secret, as Stripe signs: the body is what is fuzzed.
        send(anonymous, "post", "/payments/stripe/webhook/", data=raw,
             content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(raw, WEBHOOK_SECRET))

    public = [
        "/search/", "/en/search/", "/agenda/", "/en/agenda/", "/agenda/speakers/", "/news/",
        "/2024/", "/register/", "/register/fuzz/", "/api/v1/sessions/", "/api/v1/speakers/",
        "/api/v1/rooms/", "/api/v1/themes/", "/api/registration/categories/",
        "/exports/2024/agenda.ics", "/exports/2024/schedule.json",
    ]
    keys = st.one_of(st.sampled_from([
        "q", "theme", "room", "day", "date", "format", "type", "level", "language", "lang",
        "at", "ids", "page", "p", "edition", "n", "code", "next", "track", "speaker", "tag",
    ]), TEXT)
    values = st.one_of(TEXT, NUMBERS.map(str), st.sampled_from(["2024-10-25", "1,2,3", "-1"]))

    @FUZZ
    @given(st.sampled_from(public), st.lists(st.tuples(keys, values), max_size=4))
    def public_get(path, params):
        # Lone surrogates cannot travel in a URL (no browser sends one): skip them here.
        params = [(k, v) for k, v in params
                  if not any(0xD800 <= ord(c) <= 0xDFFF for c in k + v)]
        send(anonymous, "get", path, data=params)

    @FUZZ
    @given(TEXT, st.integers(min_value=-(2**40), max_value=2**40))
    def checkin_get(query, point):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in query):
            return
        send(anonymous, "get", "/api/checkin/search/", data={"q": query}, **device)
        send(anonymous, "get", f"/api/checkin/points/{abs(point)}/manifest/", **device)

    for run in (scan_api, upload_api, registration_api, stars_api, stripe_webhook, public_get,
                checkin_get):
        run()
    elapsed = time.monotonic() - started
    print(f"\nfuzz: {SENT['requests']} requests, {SENT['5xx']} answered 5xx, {elapsed:.1f} s")  # noqa: T201
    assert SENT["5xx"] == 0
    assert SENT["requests"] >= 900
