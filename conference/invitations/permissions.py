"""Who may do what with invitations.

- ``invitations.list_invitations``: granted ``invitations.view_invitation`` (the list, counts)
- ``invitations.manage_invitations``: granted ``invitations.add_invitation`` (make, import,
  extend, withdraw)
- ``invitations.send_invitations``: granted ``invitations.send_invitation`` (send, resend,
  letters)
- ``invitations.export_invitations``: granted ``invitations.export_invitation``
"""

import rules

from conference.common.permissions import granted

rules.add_perm("invitations.list_invitations", granted("invitations.view_invitation"))
rules.add_perm("invitations.manage_invitations", granted("invitations.add_invitation"))
rules.add_perm("invitations.send_invitations", granted("invitations.send_invitation"))
rules.add_perm("invitations.export_invitations", granted("invitations.export_invitation"))
