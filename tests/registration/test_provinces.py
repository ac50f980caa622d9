"""Province and type of organisation on an attendee: the 34 provinces since 2025, an older name
mapped to the province that holds it now, an unknown one refused with a reason."""

import pytest

from conference.registration.exceptions import RegistrationError
from conference.registration.services.attendees import clean_attendee

BASE = {"full_name": "Nguyễn Văn An", "email": "an@example.vn"}


def test_an_older_province_name_is_stored_as_the_province_that_holds_it_now():
    assert clean_attendee({**BASE, "province": "tỉnh Quảng Nam"}, [])["province"] == "da-nang"
    assert clean_attendee({**BASE, "province": "Bình Dương"}, [])["province"] == "ho-chi-minh"
    assert clean_attendee({**BASE, "province": "hue"}, [])["province"] == "hue"
    assert clean_attendee(BASE, [])["province"] == ""


def test_unknown_province_or_organisation_type_is_refused_with_a_reason():
    with pytest.raises(RegistrationError) as info:
        clean_attendee({**BASE, "province": "Atlantis"}, [])
    assert info.value.code == "bad_province" and "Atlantis" in info.value.message
    with pytest.raises(RegistrationError) as info:
        clean_attendee({**BASE, "organisation_type": "cartel"}, [])
    assert info.value.code == "bad_organisation_type"
    assert clean_attendee({**BASE, "organisation_type": "local"}, [])["organisation_type"] == \
        "local"
