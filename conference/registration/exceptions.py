from conference.common.exceptions import DomainError


class RegistrationError(DomainError):
    """The registration cannot be made or changed."""

    code = "registration_error"
