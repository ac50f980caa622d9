"""Every write of the awards, one module per thing it acts on.

Each function owns its transaction, writes an audit entry in it and queues its emails (sent after
commit) in the recipient's language. Broken rules raise AwardsError with a translated message.

- ``nominations``: a draft from start to submission
- ``evidence``: the draft's files, in the private storage
- ``consent``: the nominee's consent through a signed link
- ``statuses``: the secretariat's status machine (screening, shortlist, winners)
- ``declarations``: a judge's organisation and conflicts of interest
- ``assignments``: which judges review which nomination
- ``scores``: a judge's scores, draft then submitted
- ``votes``: the public vote
- ``publication``: publishing the results, certificates
- ``outcomes``: releasing the outcome to nominators and nominees, by e-mail

Reads are in ``conference.awards.queries``; who may do what in ``conference.awards.permissions``.
"""

from ..enums import JUDGED, VOTABLE
from .assignments import assign_judges, assignment_for
from .base import AwardsError
from .consent import (
    CONSENT_MAX_AGE,
    CONSENT_SALT,
    CONSENT_TEXT_VERSION,
    consent_token,
    consent_url,
    nomination_for_consent,
    record_nominee_consent,
    resend_consent_request,
)
from .declarations import declare_conflicts
from .evidence import add_evidence, remove_evidence
from .nominations import (
    MAX_KEY_FIGURES,
    create_nomination,
    missing_for_submission,
    submit_nomination,
    update_nomination,
)
from .outcomes import release_results, unreleased_outcomes
from .publication import issue_certificates, publish_results
from .scores import save_scores
from .statuses import TRANSITIONS, allowed_targets, change_status, change_statuses
from .votes import VOTE_RATE, cast_vote

__all__ = [
    "CONSENT_MAX_AGE",
    "CONSENT_SALT",
    "CONSENT_TEXT_VERSION",
    "JUDGED",
    "MAX_KEY_FIGURES",
    "TRANSITIONS",
    "VOTABLE",
    "VOTE_RATE",
    "AwardsError",
    "add_evidence",
    "allowed_targets",
    "assign_judges",
    "assignment_for",
    "cast_vote",
    "change_status",
    "change_statuses",
    "consent_token",
    "consent_url",
    "create_nomination",
    "declare_conflicts",
    "issue_certificates",
    "missing_for_submission",
    "nomination_for_consent",
    "publish_results",
    "record_nominee_consent",
    "release_results",
    "remove_evidence",
    "resend_consent_request",
    "save_scores",
    "submit_nomination",
    "unreleased_outcomes",
    "update_nomination",
]
