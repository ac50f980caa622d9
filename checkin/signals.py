"""What check-in tells the apps built on it, documented by the arguments each signal is sent with
(see conference/registration/signals.py for the conventions).

Check-in imports none of the apps that listen: they connect receivers in their own
``receivers.py``. Every signal's ``sender`` is the Scan model class.
"""

from django.dispatch import Signal

#: Sent while the answer of an admitting scan is built (online scans, the desk's manual
#: check-in), so that an app built on check-in can add what the door staff should tell the
#: person. Receivers return a dict merged into the answer's JSON, or None; they must be cheap
#: (a scan is a few milliseconds): answer from a cache when the point is none of theirs.
#: Seating returns ``{"seat": {"text": "Hàng A, ghế 5", "section": ..., "plan": ...}}``.
#:
#: Arguments: ``scan`` (the saved Scan, with ``point_id`` and ``attendee`` set).
scan_answer_details = Signal()
