from conference.common.exceptions import DomainError


class MessagingError(DomainError):
    pass
