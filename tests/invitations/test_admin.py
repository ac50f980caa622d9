"""Invitations in the Wagtail admin: making one (seats held at once), the list with filters and
a safe export, an invitation's actions, counts, and the XLSX import checked row by row."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from conference.accounts.roles import ORGANIZER, REGISTRATION_DESK, sync_roles
from conference.invitations import services
from conference.invitations.models import Invitation
from conference.registration.queries import seats_taken

from ..registration.factories import make_category, make_edition
from .factories import invite, invite_organisation

pytestmark = pytest.mark.django_db

INDEX = "/admin/invitations/"


def staff(user_factory, email, role):
    sync_roles()
    user = user_factory(email=email)
    user.groups.add(Group.objects.get(name=role))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def organiser(user_factory):
    return staff(user_factory, "btc@govconf.vn", ORGANIZER)


@pytest.fixture
def desk(user_factory):
    return staff(user_factory, "desk@govconf.vn", REGISTRATION_DESK)


def test_organiser_makes_an_invitation_and_a_full_category_is_a_form_error(client, organiser):
    edition = make_edition()
    category = make_category(edition, quota=2)
    client.force_login(organiser)
    form = {"category": category.pk, "kind": "organisation", "organisation": "Bộ Ngoại giao",
            "email": "vp@mofa.gov.vn", "language": "vi", "seats": "2",
            "deadline": (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%d %H:%M"),
            "send": "on"}
    response = client.post(INDEX + "new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    invitation = Invitation.objects.get()
    assert invitation.status == "sent"
    assert seats_taken(category=category) == 2
    again = client.post(INDEX + "new/", {**form, "email": "khac@mofa.gov.vn"})
    assert again.status_code == 200
    assert "hết chỗ" in again.content.decode()
    assert Invitation.objects.count() == 1


def test_list_filters_search_and_export_safely(client, organiser, desk):
    edition = make_edition()
    category = make_category(edition, quota=10)
    invite(category, full_name="Nguyễn Văn Bình", organisation="=HYPERLINK(\"x\")")
    declined = services.send_invitation(invitation=invite(category, full_name="Lê Thị Hoa"))
    services.decline_invitation(invitation=declined)
    client.force_login(organiser)
    body = client.get(INDEX, {"q": "nguyen van binh"}).content.decode()
    assert "Nguyễn Văn Bình" in body and "Lê Thị Hoa" not in body
    body = client.get(INDEX, {"status": "declined"}).content.decode()
    assert "Lê Thị Hoa" in body and "Nguyễn Văn Bình" not in body
    exported = client.get(INDEX, {"export": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=HYPERLINK(\"x\")" in rows
    xlsx = client.get(INDEX, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert "'=HYPERLINK(\"x\")" in [c.value for row in sheet.iter_rows() for c in row]
    client.force_login(desk)
    assert client.get(INDEX).status_code == 200
    assert client.get(INDEX, {"export": "csv"}).status_code in (302, 403)  # Wagtail: back home


def test_resend_extend_withdraw_from_the_invitation_page(client, organiser, desk):
    edition = make_edition()
    category = make_category(edition, quota=5)
    invitation = invite(category)
    client.force_login(desk)
    client.post(f"/admin/invitations-desk/{invitation.pk}/send/")
    invitation.refresh_from_db()
    assert invitation.status == "drafted"  # the desk only looks
    client.force_login(organiser)
    page = client.get(f"/admin/invitations-desk/{invitation.pk}/").content.decode()
    assert invitation.public_id in page
    client.post(f"/admin/invitations-desk/{invitation.pk}/send/")
    invitation.refresh_from_db()
    assert invitation.status == "sent"
    new_day = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(f"/admin/invitations-desk/{invitation.pk}/extend/", {"deadline": new_day})
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.deadline).date().isoformat() == new_day
    invitation.reservation.refresh_from_db()
    assert invitation.reservation.expires_at == invitation.deadline
    client.post(f"/admin/invitations-desk/{invitation.pk}/withdraw/")
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"
    assert seats_taken(category=category) == 0


def test_counts_per_category_and_organisation(client, organiser, django_assert_max_num_queries):
    edition = make_edition()
    a = make_category(edition, name="Khách mời", quota=20)
    invite_organisation(a, 3, organisation="Bộ Công an")
    invite(a, organisation="Bộ Công an")
    services.decline_invitation(invitation=services.send_invitation(
        invitation=invite(a, organisation="Sở TT&TT Huế")))
    client.force_login(organiser)
    response = client.get("/admin/invitations-desk/counts/")
    body = response.content.decode()
    assert "Bộ Công an" in body and "Sở TT&amp;TT Huế" in body
    from conference.invitations.queries import counts_per_category, counts_per_organisation

    with django_assert_max_num_queries(2):
        by_org = {r["organisation"]: r for r in counts_per_organisation(edition)}
        by_cat = counts_per_category(edition)
    assert by_org["Bộ Công an"]["total"] == 2 and by_org["Bộ Công an"]["seats"] == 4
    assert by_org["Sở TT&TT Huế"]["declined"] == 1
    assert by_cat[0]["total"] == 3 and by_cat[0]["drafted"] == 2


def xlsx(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "moi.xlsx"
    return buffer


HEADER = ["Hạng đại biểu", "Loại", "Danh xưng", "Họ và tên", "Chức vụ", "Cơ quan", "Email",
          "Số chỗ", "Hạn trả lời"]


def test_import_checks_every_row_and_saves_nothing_from_a_file_with_errors(client, organiser):
    edition = make_edition()
    make_category(edition, code="khach-moi", quota=10)
    day = (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y")
    rows = [HEADER,
            ["khach-moi", "cá nhân", "Ông", "Phan Văn Tốt", "Vụ trưởng", "Bộ TT&TT",
             "tot@mic.gov.vn", 1, day],
            ["khong-co", "cá nhân", "Bà", "", "", "", "sai-email", 1, "32/13/2024"],
            ["khach-moi", "đơn vị", "", "", "", "Sở TT&TT Quảng Nam", "so@qnam.gov.vn", 4, day],
            ["khach-moi", "cá nhân", "Ông", "Phan Văn Tốt", "", "", "tot@mic.gov.vn", 1, day]]
    client.force_login(organiser)
    checked = client.post("/admin/invitations-desk/import/", {"file": xlsx(rows)})
    body = checked.content.decode()
    assert checked.status_code == 200
    assert "2 dòng sẵn sàng, 2 dòng có lỗi" in body
    assert "Không có hạng đại biểu “khong-co”" in body
    assert "“sai-email” không phải là địa chỉ email hợp lệ." in body
    assert "Thiếu họ và tên." in body
    assert "Cùng một email xuất hiện hai lần" in body
    assert Invitation.objects.count() == 0
    payload = checked.context["payload"]
    refused = client.post("/admin/invitations-desk/import/",
                          {"payload": payload, "confirm": "1"})
    assert refused.status_code == 200
    assert Invitation.objects.count() == 0
    done = client.post("/admin/invitations-desk/import/",
                       {"payload": payload, "confirm": "1", "skip_bad_rows": "on"})
    assert done.status_code == 302
    assert sorted(Invitation.objects.values_list("email", "seats", "kind")) == [
        ("so@qnam.gov.vn", 4, "organisation"), ("tot@mic.gov.vn", 1, "person")]


def test_import_refuses_a_file_that_is_not_xlsx_and_a_forged_payload(client, organiser):
    make_edition()
    client.force_login(organiser)
    bad = io.BytesIO(b"not a zip")
    bad.name = "x.xlsx"
    response = client.post("/admin/invitations-desk/import/", {"file": bad})
    assert response.status_code == 200
    assert "không phải tệp XLSX" in response.content.decode()
    forged = client.post("/admin/invitations-desk/import/",
                         {"payload": "abc:def", "confirm": "1"})
    assert forged.status_code == 200
    assert Invitation.objects.count() == 0


def test_letter_download_and_batches_from_the_admin(client, organiser, desk,
                                                    django_capture_on_commit_callbacks):
    edition = make_edition()
    category = make_category(edition, quota=10)
    invitation = invite(category)
    client.force_login(desk)
    assert client.get(f"/admin/invitations-desk/{invitation.pk}/letter.pdf").status_code == 404
    invitation.refresh_from_db()
    assert invitation.letter_number is None  # the desk cannot issue a number
    client.force_login(organiser)
    pdf = client.get(f"/admin/invitations-desk/{invitation.pk}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "private" in pdf["Cache-Control"] and "no-store" in pdf["Cache-Control"]
    invitation.refresh_from_db()
    assert invitation.letter_number == 1
    invite(category)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/admin/invitations-desk/letters/?edition={edition.year}")
    assert started.status_code == 302
    page = client.get(f"/admin/invitations-desk/letters/?edition={edition.year}")
    body = page.content.decode()
    assert 'value="100"' in body and "2/2" in body
    from conference.invitations.models import LetterBatch

    batch = LetterBatch.objects.get()
    assert client.get(f"/admin/invitations-desk/letters/{batch.pk}.pdf").status_code == 200
    assert sorted(Invitation.objects.values_list("letter_number", flat=True)) == [1, 2]
