import pytest

from checkin.models import CheckinPoint

pytestmark = pytest.mark.django_db


def test_demo_points_are_loaded_once(edition):
    from checkin.demo import load

    load()
    load()
    points = {p.name_en: p for p in CheckinPoint.objects.filter(edition=edition)}
    assert sorted(points) == [
        "Awards ceremony exit", "Leading Digital Transformation Leaders awards", "Main entrance",
        "Main hall",
    ]
    assert points["Awards ceremony exit"].reopens == points[
        "Leading Digital Transformation Leaders awards"
    ]
    assert points["Main entrance"].once is False
