"""The registration desk in the Wagtail admin: lists, folded search, filters, approvals,
exports safe against formula injection, counts."""

import csv
import io

import openpyxl
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse

from conference.accounts.roles import REGISTRATION_DESK, sync_roles
from conference.common.models import OutboxMessage
from conference.registration import services
from conference.registration.enums import RegistrationStatus

from .factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db

INDEX = "/admin/registration/registrations/"
ATTENDEES = "/admin/registration/attendees/"


@pytest.fixture
def desk(user_factory):
    sync_roles()
    user = user_factory(email="desk@govconf.vn")
    user.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def data():
    edition = make_edition()
    gov = make_category(edition, name="Đại biểu nhà nước", requires_approval=True, quota=5)
    biz = make_category(edition, name="Doanh nghiệp", quota=5)
    version = consent(edition)
    names = ["Nguyễn Thị Anh Thi", "Đặng Văn Lâm", "Trần Minh Đức"]
    regs = [
        services.start_registration(category=gov, consent_version=version,
                                    attendees=[person(1, full_name=names[0])]),
        services.start_registration(category=biz, consent_version=version,
                                    attendees=[person(2, full_name=names[1],
                                                      organisation="=HYPERLINK(\"x\")")]),
        services.start_registration(category=biz, consent_version=version,
                                    attendees=[person(3, full_name=names[2],
                                                      phone="+84 905 123 456")]),
    ]
    return edition, gov, biz, regs


def test_desk_sees_list_with_filters_and_pinned_queries(client, desk, data,
                                                        django_assert_max_num_queries):
    edition, gov, biz, regs = data
    client.force_login(desk)
    with django_assert_max_num_queries(30):
        response = client.get(INDEX)
    assert response.status_code == 200
    for reg in regs:
        assert reg.reference in response.content.decode()
    # more rows, same number of queries
    for i in range(10):
        services.start_registration(category=biz if i < 2 else make_category(edition),
                                    attendees=[person(100 + i)], consent_version="1")
    with django_assert_max_num_queries(30):
        assert client.get(INDEX).status_code == 200
    response = client.get(INDEX, {"category": gov.pk})
    body = response.content.decode()
    assert regs[0].reference in body and regs[1].reference not in body
    response = client.get(INDEX, {"status": "pending_approval"})
    body = response.content.decode()
    assert regs[0].reference in body and regs[2].reference not in body


@pytest.mark.parametrize(("query", "found"), [
    ("nguyen thi anh thi", 0), ("NGUYỄN", 0), ("dang", 1), ("Đặng văn", 1), ("duc", 2),
])
def test_folded_search(client, desk, data, query, found):
    edition, gov, biz, regs = data
    client.force_login(desk)
    response = client.get(INDEX, {"q": query})
    body = response.content.decode()
    assert [reg.reference in body for reg in regs] == [i == found for i in range(3)]
    response = client.get(ATTENDEES, {"q": query})
    assert response.status_code == 200
    assert regs[found].attendees.get().email in response.content.decode()


def test_bulk_approve_and_reject(client, desk, data):
    edition, gov, biz, regs = data
    other = services.start_registration(category=gov, attendees=[person(9)],
                                        consent_version="1")
    client.force_login(desk)
    url = reverse("registration_desk_pending")
    response = client.get(url)
    assert regs[0].reference in response.content.decode()
    response = client.post(url, {"selected": [regs[0].pk], "action": "approve", "note": ""})
    assert response.status_code == 302
    response = client.post(url, {"selected": [other.pk], "action": "reject",
                                 "note": "Sai đối tượng"})
    regs[0].refresh_from_db()
    other.refresh_from_db()
    assert regs[0].status == RegistrationStatus.CONFIRMED
    assert other.status == RegistrationStatus.REJECTED
    assert other.decided_by == desk
    assert OutboxMessage.objects.filter(template="registration/rejected").count() == 1


def test_detail_actions_resend_and_permission(client, desk, data, user_factory):
    edition, gov, biz, regs = data
    client.force_login(desk)
    detail = reverse("registration_desk_detail", kwargs={"pk": regs[1].pk})
    assert client.get(detail).status_code == 200
    before = OutboxMessage.objects.filter(template="registration/confirmed").count()
    client.post(reverse("registration_desk_act", kwargs={"pk": regs[1].pk, "action": "resend"}))
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == before + 1
    # the desk cannot cancel (organizers can)
    response = client.post(reverse("registration_desk_act",
                                   kwargs={"pk": regs[1].pk, "action": "cancel"}),
                           {"refund": "none"})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no"
    regs[1].refresh_from_db()
    assert regs[1].status == RegistrationStatus.CONFIRMED
    # a plain user sees nothing
    client.force_login(user_factory())
    assert client.get(detail).status_code in (302, 403)


def test_exports_neutralise_formulas(client, desk, data):
    client.force_login(desk)
    response = client.get(ATTENDEES, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert "'+84 905 123 456" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    response = client.get(ATTENDEES, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                                if response.streaming else response.content))
    values = [c.value for row in workbook.active.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"x\")" in values
    assert "Nguyễn Thị Anh Thi" in values
    assert all(c.data_type != "f" for row in workbook.active.iter_rows() for c in row)
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200


def test_export_needs_permission(client, user_factory, data):
    from django.contrib.auth.models import Permission

    user = user_factory()
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_attendee"]))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    assert client.get(ATTENDEES).status_code == 200
    refused = client.get(ATTENDEES, {"export": "csv"})
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_counts_page_and_dashboard_panel(client, desk, data):
    edition, gov, biz, regs = data
    client.force_login(desk)
    response = client.get(reverse("registration_desk_counts"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["confirmed"], r["pending"], r["quota"]) for r in rows] == [(0, 1, 5), (2, 0, 5)]
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "registration-counts" in home.content.decode()


def test_paid_and_checked_in_filters(client, desk, data):
    edition, gov, biz, regs = data
    paid_cat = make_category(edition, price_vnd=300_000)
    unpaid = services.start_registration(category=paid_cat, attendees=[person(50)],
                                         consent_version="1")
    client.force_login(desk)
    body = client.get(INDEX, {"paid": "false"}).content.decode()
    assert unpaid.reference in body and regs[1].reference not in body
    body = client.get(INDEX, {"paid": "true"}).content.decode()
    assert unpaid.reference not in body
    body = client.get(INDEX, {"checked_in": "true"}).content.decode()
    assert not any(r.reference in body for r in regs)
    body = client.get(INDEX, {"checked_in": "false"}).content.decode()
    assert all(r.reference in body for r in regs)


def test_the_note_typed_on_approval_reaches_the_attendee(client, desk, data):
    """"Ghi chú gửi đại biểu": the note the desk types is in the approval e-mail (free and paid)."""
    edition, gov, biz, regs = data
    paid = make_category(edition, requires_approval=True, price_vnd=500_000)
    waiting = services.start_registration(category=paid, consent_version="1",
                                          attendees=[person(8, language="en")])
    client.force_login(desk)
    url = reverse("registration_desk_pending")
    note = "Xin mang theo giấy giới thiệu của cơ quan & CCCD."
    client.post(url, {"selected": [regs[0].pk], "action": "approve", "note": note})
    client.post(reverse("registration_desk_act", kwargs={"pk": waiting.pk, "action": "approve"}),
                {"note": "Please bring your letter of introduction."})

    free = OutboxMessage.objects.get(template="registration/approved", to="nguoi1@example.vn")
    assert "Ghi chú của Ban tổ chức:\nXin mang theo giấy giới thiệu của cơ quan & CCCD.\n" in (
        free.body_text)
    paid_mail = OutboxMessage.objects.get(template="registration/approved", to="nguoi8@example.vn")
    assert "Ghi chú của Ban tổ chức:\nPlease bring your letter of introduction.\n" in (
        paid_mail.body_text)
    # Without a note, no empty heading.
    plain = services.start_registration(category=gov, consent_version="1", attendees=[person(7)])
    services.approve_registration(registration=plain, by=desk)
    assert "Ghi chú" not in OutboxMessage.objects.get(template="registration/approved",
                                                      to="nguoi7@example.vn").body_text


def test_no_refund_choice_for_a_free_registration():
    from conference.registration.forms import DeskCancelForm

    assert "refund" not in DeskCancelForm(amount_vnd=0).fields
    assert "refund" in DeskCancelForm(amount_vnd=1_500_000).fields
    form = DeskCancelForm({"reason": "Trùng lịch"}, amount_vnd=0)
    assert form.is_valid() and form.refund_amount() == 0


def test_exports_are_desk_ready(client, desk, data):
    """Labels in the export's language, local time dd/mm/yyyy HH:MM, a BOM for Excel, readable
    answers; amounts formatted in the admin list."""
    import datetime

    from django.utils import timezone, translation

    from conference.registration.enums import PaymentMethod

    edition, gov, biz, regs = data
    paid = make_category(edition, price_vnd=1_500_000)
    awaiting = services.start_registration(category=paid, consent_version="1",
                                           attendees=[person(7)], payment_method="bank_transfer")
    when = datetime.datetime(2024, 10, 20, 12, 29, 33, 123456, tzinfo=datetime.UTC)
    type(awaiting).objects.filter(pk=awaiting.pk).update(created_at=when)
    client.force_login(desk)
    body = b"".join(client.get(INDEX, {"export": "csv"}).streaming_content).decode()
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert {"Đại biểu", "Cơ quan/đơn vị", "Số tiền (VND)"} <= set(rows[0])
    row = next(r for r in rows if r["Mã đăng ký"] == awaiting.reference)
    with translation.override("vi"):
        assert row["Trạng thái"] == str(RegistrationStatus.AWAITING_PAYMENT.label)
        assert row["Phương thức thanh toán"] == str(PaymentMethod.BANK_TRANSFER.label)
    assert row["Ngày tạo"] == timezone.localtime(when).strftime("%d/%m/%Y %H:%M") == (
        "20/10/2024 19:29")
    assert "awaiting_payment" not in body and "bank_transfer" not in body
    assert "people" not in rows[0] and "organisations" not in rows[0]
    listing = client.get(INDEX).content.decode()
    assert "1.500.000 ₫" in listing


def test_category_list_shows_prices_formatted(client, desk, data):
    edition, gov, biz, regs = data
    make_category(edition, name="Doanh nghiệp trả phí", price_vnd=1_500_000)
    client.force_login(desk)
    response = client.get("/admin/registration/categories/")
    assert response.status_code == 200
    assert "1.500.000 ₫" in response.content.decode()
    assert "1500000" not in response.content.decode()
