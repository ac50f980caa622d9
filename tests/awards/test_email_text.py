"""Awards e-mails show the nominee's name as typed (no HTML escaping in the subject)."""

import pytest

from conference.common.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_awards_subject_keeps_the_nominee_name(make_nomination):
    make_nomination(name="Trần O'Neil & <b>Cộng sự</b>")
    message = OutboxMessage.objects.get(template="awards/nomination_submitted")
    assert message.subject.endswith("Trần O'Neil & <b>Cộng sự</b>")
