"""Who may do what with session feedback.

feedback.rate_session      (user, session) a signed-in attendee registered (confirmed) for the
                           session's edition
feedback.read_feedback     see every session's ratings, comments and the export
feedback.release_feedback  open or close the speakers' view of their results
"""

import rules
from django.db.models import Q

from conference.common.permissions import granted
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee


@rules.predicate
def is_registered_attendee(user, session) -> bool:
    if session is None or not getattr(user, "is_authenticated", False):
        return False
    return Attendee.objects.filter(
        Q(user=user) | Q(email=(user.email or "").strip().lower()),
        registration__edition_id=session.edition_id,
        registration__status=RegistrationStatus.CONFIRMED,
    ).exists()


rules.add_perm("feedback.rate_session", rules.is_authenticated & is_registered_attendee)
rules.add_perm("feedback.read_feedback", granted("feedback.view_sessionfeedback"))
rules.add_perm("feedback.release_feedback", granted("feedback.change_feedbacksettings"))
