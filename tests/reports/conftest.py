"""The check-in, certificate and awards factories, shared for the report tests."""

from tests.awards.conftest import (  # noqa: F401  (fixtures)
    category,
    cycle,
    make_judge,
    make_nomination,
    secretariat,
)
from tests.certificates.conftest import scan, session_factory  # noqa: F401
from tests.checkin.conftest import (  # noqa: F401
    attendee_factory,
    category_factory,
    delegate,
    device_factory,
    point_factory,
    role_client,
    staff_factory,
)
