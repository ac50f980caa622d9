"""Who may do what with messages to delegates.

messaging.send_messages   compose, preview, send, schedule and cancel messages to delegates
"""

import rules

from conference.common.permissions import granted

rules.add_perm("messaging.send_messages", granted("messaging.add_broadcast"))
