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
#: Arguments: ``scan`` (the saved Scan, with ``point_id`` and ``attendee_id`` set; its related
#: rows are not loaded, and reading one would cost the scan a query).
scan_answer_details = Signal()

#: Sent while a check-in point's offline manifest is built, so that the scanner can show the
#: same extras offline. Receivers return ``{attendee_id: [row, number, section, section_en]}``
#: (seating: the seat in the hall behind this point, language-neutral; the scanner formats it
#: with its "seatLabel" string), or None; they must answer from a cache when the point is none
#: of theirs (the manifest's query count is pinned).
#:
#: Arguments: ``point``.
manifest_seats = Signal()
