from conference.common.exceptions import DomainError


class InvitationError(DomainError):
    """The invitation cannot be made, answered or changed."""

    code = "invitation_error"
