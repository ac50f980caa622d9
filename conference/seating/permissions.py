"""Who may do what with seating.

- ``seating.see_seating``: granted ``seating.view_seatingplan`` (the seating screen, charts and
  place cards; the registration desk prints them)
- ``seating.arrange_seats``: granted ``seating.arrange_seating`` (assign, move, free, assign by
  the rules, reserve blocks, lock and unlock a plan; organisers)
"""

import rules

from conference.common.permissions import granted

rules.add_perm("seating.see_seating", granted("seating.view_seatingplan"))
rules.add_perm("seating.arrange_seats", granted("seating.arrange_seating"))
