"""Invoice details: captured from the attendee, shown on the registration, exported safely."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conference.common.models import AuditEntry
from conference.payments import services
from conference.payments.models import InvoiceDetails
from conference.payments.services import PaymentError
from conference.registration.links import status_token

from .bank import paid_category, register_by_transfer

pytestmark = pytest.mark.django_db


def invoice_url(registration):
    return reverse("payments:invoice_details", kwargs={
        "reference": registration.reference, "token": status_token(registration.reference)})


def test_save_normalises_and_audits():
    registration, _t = register_by_transfer(paid_category())
    details = services.save_invoice_details(
        registration=registration, company_name="Công ty Cổ phần  Viễn thông\u0300 ABC",
        tax_code="0100109106 001", address=" 1 Bạch Đằng, Đà Nẵng ", email="KeToan@ABC.vn",
    )
    assert details.tax_code == "0100109106-001"
    assert details.address == "1 Bạch Đằng, Đà Nẵng"
    assert details.email == "ketoan@abc.vn"
    assert AuditEntry.objects.filter(action="payment.invoice_details_saved").count() == 1
    services.save_invoice_details(registration=registration, company_name="ABC",
                                  tax_code="0101248141", address="Hà Nội", email="a@abc.vn")
    assert InvoiceDetails.objects.get().tax_code == "0101248141"


def test_bad_tax_code_is_refused():
    registration, _t = register_by_transfer(paid_category())
    with pytest.raises(PaymentError) as error:
        services.save_invoice_details(registration=registration, company_name="ABC",
                                      tax_code="0100109107", address="x", email="a@b.vn")
    assert error.value.code == "bad_tax_code"
    assert InvoiceDetails.objects.count() == 0


def test_form_shows_errors_in_the_users_language(client):
    registration, _t = register_by_transfer(paid_category())
    response = client.post(invoice_url(registration), {
        "company_name": "ABC", "tax_code": "12345", "address": "Đà Nẵng", "email": "x",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mã số thuế gồm 10 chữ số" in html
    with translation.override("en"):
        url = invoice_url(registration)
    assert url.startswith("/en/")
    html = client.post(url, {"company_name": "ABC", "tax_code": "0100109107",
                             "address": "Da Nang", "email": "a@b.vn"}).content.decode()
    assert "This tax code is not valid" in html


def test_form_saves_and_page_shows_the_details(client):
    registration, _t = register_by_transfer(paid_category())
    response = client.post(invoice_url(registration), {
        "company_name": "Công ty <b>ABC</b>", "tax_code": "0300588569",
        "address": "Quận 1, TP Hồ Chí Minh", "email": "hoadon@abc.vn",
    })
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Công ty &lt;b&gt;ABC&lt;/b&gt;" in page
    assert "0300588569" in page


def test_export_is_formula_safe(desk_client):
    registration, _t = register_by_transfer(paid_category(price_vnd=2_000_000))
    services.save_invoice_details(
        registration=registration, company_name='=HYPERLINK("http://evil","x")',
        tax_code="0100109106", address="@SUM(1+1)", email="ketoan@abc.vn",
    )
    response = desk_client.get(reverse("payments_admin:invoices") + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Đăng ký", "Trạng thái", "Số tiền (VND)"]
    assert rows[1][0] == registration.reference
    assert rows[1][2] == "2000000"
    assert rows[1][4] == '\'=HYPERLINK("http://evil","x")'
    assert rows[1][5] == "0100109106"
    assert rows[1][6] == "'@SUM(1+1)"

    response = desk_client.get(reverse("payments_admin:invoices") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][4] == '\'=HYPERLINK("http://evil","x")'
    assert values[1][2] == 2000000
    assert sheet.cell(2, 5).data_type == "s"


def test_invoice_list_query_count(desk_client, django_assert_max_num_queries):
    category = paid_category()
    for n in range(5):
        registration, _t = register_by_transfer(category, [{"full_name": f"Người {n}",
                                                            "email": f"p{n}@x.vn",
                                                            "language": "vi"}])
        services.save_invoice_details(registration=registration, company_name=f"C{n}",
                                      tax_code="0100109106", address="x", email="a@b.vn")
    url = reverse("payments_admin:invoices")
    desk_client.get(url)
    with django_assert_max_num_queries(12):
        assert desk_client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert desk_client.get(url + "?export=csv").status_code == 200
