"""Seats left and "free of charge" are two words in Vietnamese."""

import pytest
from django.urls import reverse

from .factories import make_category, make_edition
from .test_desk import desk  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_counts_say_seats_remaining_not_free_of_charge(client, desk):  # noqa: F811
    edition = make_edition()
    make_category(edition, name="Đại biểu nhà nước", quota=5)
    client.force_login(desk)
    for url in (reverse("registration_desk_counts"), "/admin/"):
        html = client.get(url).content.decode()
        table = html[html.index('class="listing registration-counts"'):]
        table = table[:table.index("</thead>")]
        assert "<th>Còn trống</th>" in table
        assert "Miễn phí" not in table


def test_a_free_category_still_says_free_of_charge(client):
    edition = make_edition()
    make_category(edition, name="Đại biểu nhà nước", quota=5)
    html = client.get(reverse("registration:start")).content.decode()
    assert "Miễn phí" in html and "Còn trống: 5 chỗ" in html
