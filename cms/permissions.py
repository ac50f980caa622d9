"""Who may approve speakers' changes: whoever may edit speakers in the admin."""

import rules

from conference.common.permissions import granted

rules.add_perm("cms.review_speaker_changes", granted("cms.change_speaker"))
