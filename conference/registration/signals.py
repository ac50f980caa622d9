"""What registration tells the apps built on it (payments, check-in, ...), documented by the
arguments each signal is sent with (as wagtail/signals.py documents its own).

Registration imports none of the apps that listen: they connect receivers in their own
``receivers.py`` (loaded by their AppConfig.ready()).
"""

from django.dispatch import Signal

#: Sent while the status page of a registration is rendered (the page its contact reaches with the
#: status link). Receivers return HTML (a SafeString, rendered from a template) to show below the
#: registration's status, or "" to show nothing; the payment step shows its buttons here.
#:
#: Arguments: ``sender`` (the Registration class), ``registration``, ``request``,
#: ``token`` (the status link's token, for links that need it).
status_page_panels = Signal()
