"""Who may do what at the registration desk and with badges.

The grants come from roles (``conference.accounts.roles``): the registration desk sees and
decides registrations and prints badges; organisers also cancel with refunds.

- ``registration.list_registrations``: granted ``registration.view_registration`` (the desk's
  lists, a registration's page, the counts)
- ``registration.export_registrations``: granted ``registration.export_registration``
- ``registration.decide_registrations``: granted ``registration.approve_registration``
  (approve or reject what waits for approval)
- ``registration.cancel_registrations``: granted ``registration.cancel_registration``
- ``registration.refund_in_full``: Django staff or granted ``registration.change_registration``: a
  cancellation they make refunds everything paid, whatever the edition's attendee refund rule
- ``registration.find_badges``: granted ``registration.view_badge`` (an attendee's badge, files)
- ``registration.reissue_badges``: granted ``registration.change_badge``
- ``registration.list_badge_batches``: granted ``registration.view_badgebatch``
- ``registration.print_badge_batches``: granted ``registration.add_badgebatch``
"""

import rules

from conference.common.permissions import granted

rules.add_perm("registration.list_registrations", granted("registration.view_registration"))
rules.add_perm("registration.export_registrations", granted("registration.export_registration"))
rules.add_perm("registration.decide_registrations",
               granted("registration.approve_registration"))
rules.add_perm("registration.cancel_registrations", granted("registration.cancel_registration"))
rules.add_perm("registration.refund_in_full",
               rules.is_staff | granted("registration.change_registration"))
rules.add_perm("registration.find_badges", granted("registration.view_badge"))
rules.add_perm("registration.reissue_badges", granted("registration.change_badge"))
rules.add_perm("registration.list_badge_batches", granted("registration.view_badgebatch"))
rules.add_perm("registration.print_badge_batches", granted("registration.add_badgebatch"))
