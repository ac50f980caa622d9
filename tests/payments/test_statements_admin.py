"""The desk's pages in the Wagtail admin: upload, lines to resolve, mark paid."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conference.payments.enums import LineResolution, TransferStatus
from conference.payments.models import BankStatement, StatementLine
from conference.registration.enums import RegistrationStatus
from tests.registration.factories import person

from .bank import paid_category, register_by_transfer, statement_csv

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "saoke.csv"):
    return client.post(reverse("payments_admin:statements"),
                       {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_upload_confirms_and_lists_the_rest(desk_client, desk_user):
    category = paid_category()
    paid, paid_t = register_by_transfer(category, [person(1)])
    short, short_t = register_by_transfer(category, [person(2)])
    data = statement_csv([
        ("20/11/2026", "1.500.000", f"MBVCB.1.{paid_t.reference.lower()}.CT"),
        ("20/11/2026", "900.000", f"{short_t.reference}"),
    ])
    response = upload(desk_client, data)
    statement = BankStatement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments_admin:statement", kwargs={"pk": statement.pk})
    assert statement.uploaded_by == desk_user
    assert desk_client.get(response["Location"]).status_code == 200
    assert (statement.new_lines, statement.confirmed) == (2, 1)
    paid.refresh_from_db()
    assert paid.status == RegistrationStatus.CONFIRMED

    listing = desk_client.get(reverse("payments_admin:open_lines")).content.decode()
    line = StatementLine.objects.get(resolution=LineResolution.OPEN)
    assert reverse("payments_admin:resolve", kwargs={"pk": line.pk}) in listing
    assert "Ít hơn số tiền phải trả" in listing

    again = upload(desk_client, data, "saoke (1).csv")
    assert again.status_code == 302
    assert BankStatement.objects.count() == 1
    follow = desk_client.get(again["Location"])
    assert follow.status_code == 200


def test_upload_errors_are_shown(desk_client):
    response = upload(desk_client, b"not a statement", "x.csv")
    assert response.status_code == 200
    assert "Không tìm thấy dòng tiêu đề" in response.content.decode()
    response = upload(desk_client, b"%PDF", "x.pdf")
    assert "CSV hoặc XLSX" in response.content.decode()


def test_resolve_page(desk_client):
    category = paid_category()
    registration, transfer = register_by_transfer(category)
    upload(desk_client, statement_csv([("20/11/2026", "2.000.000", transfer.reference)]))
    line = StatementLine.objects.get()
    url = reverse("payments_admin:resolve", kwargs={"pk": line.pk})
    assert desk_client.get(url).status_code == 200
    response = desk_client.post(url, {"action": "confirm", "note": ""})
    assert response.status_code == 200  # the note is required
    response = desk_client.post(url, {"action": "confirm",
                                      "note": "Thừa 500.000đ, đã hoàn lại"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_mark_paid_page(desk_client, desk_user):
    registration, transfer = register_by_transfer(paid_category())
    url = reverse("payments_admin:mark_paid", kwargs={"registration_pk": registration.pk})
    assert desk_client.get(url).status_code == 200
    response = desk_client.post(url, {"note": "Tiền mặt tại quầy"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PAID
    assert transfer.paid_by == desk_user


def test_attendees_cannot_reach_desk_pages(client, user_factory):
    client.force_login(user_factory())
    for name in ("payments_admin:statements", "payments_admin:open_lines",
                 "payments_admin:transfers", "payments_admin:invoices"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
        assert BankStatement.objects.count() == 0


def test_lists_keep_their_query_counts(desk_client, django_assert_max_num_queries):
    category = paid_category(quota=50)
    transfers = [register_by_transfer(category, [person(n)])[1] for n in range(8)]
    upload(desk_client, statement_csv([
        ("20/11/2026", "100.000", t.reference) for t in transfers
    ]))
    statement = BankStatement.objects.get()
    for name, kwargs in (("payments_admin:open_lines", {}),
                         ("payments_admin:statement", {"pk": statement.pk}),
                         ("payments_admin:transfers", {}),
                         ("payments_admin:statements", {})):
        url = reverse(name, kwargs=kwargs)
        desk_client.get(url)
        with django_assert_max_num_queries(14):
            assert desk_client.get(url).status_code == 200


def test_registration_page_shows_transfer_and_invoice(desk_client):
    from conference.payments import services

    registration, transfer = register_by_transfer(paid_category())
    services.save_invoice_details(registration=registration, company_name="Công ty <ABC>",
                                  tax_code="0100109106-001", address="Đà Nẵng",
                                  email="hoadon@abc.vn")
    html = desk_client.get(
        reverse("registration_desk_detail", kwargs={"pk": registration.pk})
    ).content.decode()
    assert transfer.reference in html
    assert "Công ty &lt;ABC&gt;" in html
    assert "0100109106-001" in html
    assert reverse("payments_admin:mark_paid", kwargs={"registration_pk": registration.pk}) in html
