from conference.common.exceptions import DomainError


class FeedbackError(DomainError):
    pass
