"""Who may prepare and read the post-event report.

- ``reports.prepare_reports``: granted ``reports.prepare_editionreport`` (the admin button)
- ``reports.read_reports``: granted ``reports.view_editionreport`` (list and download)
"""

import rules

from conference.common.permissions import granted

rules.add_perm("reports.prepare_reports", granted("reports.prepare_editionreport"))
rules.add_perm("reports.read_reports", granted("reports.view_editionreport"))
