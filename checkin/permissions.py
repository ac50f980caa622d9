"""Who may do what at check-in.

The grants come from roles (``conference.accounts.roles``): "Check-in staff" may scan, the
registration desk works the desk and watches the dashboard, organisers also manage points and
scanner devices.

- ``checkin.scan_badges``: active staff granted ``checkin.use_scanner`` (the scanner app and
  its devices)
- ``checkin.run_desk``: granted ``checkin.use_desk`` (walk-ins, reissued and printed badges)
- ``checkin.watch_arrivals``: granted ``checkin.view_scan`` (live dashboard, scan export)
- ``checkin.list_points``: granted ``checkin.view_checkinpoint`` (the points in the admin)
- ``checkin.list_devices``: granted ``checkin.view_device`` (the scanner devices)
- ``checkin.revoke_devices``: granted ``checkin.change_device``
"""

import rules

from conference.common.permissions import granted, is_active

rules.add_perm("checkin.scan_badges", is_active & granted("checkin.use_scanner"))
rules.add_perm("checkin.run_desk", granted("checkin.use_desk"))
rules.add_perm("checkin.watch_arrivals", granted("checkin.view_scan"))
rules.add_perm("checkin.list_points", granted("checkin.view_checkinpoint"))
rules.add_perm("checkin.list_devices", granted("checkin.view_device"))
rules.add_perm("checkin.revoke_devices", granted("checkin.change_device"))
