"""Names are stored NFC whatever form the keyboard sent (conference.common.models.NFCMixin)."""

import unicodedata

import pytest

from cms.models import Room, Speaker

pytestmark = pytest.mark.django_db


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_plain_and_derived_fields_are_stored_nfc(edition, user_factory):
    room = Room.objects.create(edition=edition, name=nfd("Phòng  Hội nghị 1"), name_en="Room 1")
    room.refresh_from_db()
    assert room.name == "Phòng Hội nghị 1" and room.name == unicodedata.normalize("NFC", room.name)

    speaker = Speaker.objects.create(edition=edition, name=nfd("Nguyễn  Thị Anh Thi"),
                                     organisation=nfd("Bộ Thông tin và Truyền thông"))
    speaker.refresh_from_db()
    assert speaker.name == "Nguyễn Thị Anh Thi"
    assert speaker.organisation == "Bộ Thông tin và Truyền thông"
    # The sort key is derived after normalising: one space, given name first.
    assert speaker.sort_key == "thi nguyen thi anh"

    user = user_factory(first_name=nfd("Thi"), last_name=nfd("Nguyễn Thị  Anh"))
    user.refresh_from_db()
    assert (user.last_name, user.first_name) == ("Nguyễn Thị Anh", "Thi")
