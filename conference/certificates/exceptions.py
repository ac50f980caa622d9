from conference.common.exceptions import DomainError


class CertificateError(DomainError):
    pass
