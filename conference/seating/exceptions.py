from conference.common.exceptions import DomainError


class SeatingError(DomainError):
    """The seat cannot be assigned, moved or freed."""

    code = "seating_error"
