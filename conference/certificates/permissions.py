"""Who may do what with attendance certificates.

- ``certificates.list_certificates``: granted ``certificates.view_attendancecertificate`` (the
  admin's list, batches and their files)
- ``certificates.issue_certificates``: granted ``certificates.issue_attendancecertificate``
  (start a batch)
- ``certificates.revoke_certificates``: granted ``certificates.change_attendancecertificate``
- ``certificates.download_certificate`` (certificate): its holder (by account or e-mail) or the
  contact who registered them, while it is valid; staff who may list certificates, always
"""

import rules

from conference.common.permissions import granted, is_authenticated

can_list = granted("certificates.view_attendancecertificate")


@rules.predicate
def is_holder(user, certificate) -> bool:
    if certificate is None or certificate.revoked_at is not None:
        return False
    attendee = certificate.attendee
    return (attendee.user_id == user.pk or attendee.email == user.email.lower()
            or attendee.registration.contact_id == user.pk)


rules.add_perm("certificates.list_certificates", can_list)
rules.add_perm("certificates.issue_certificates",
               granted("certificates.issue_attendancecertificate"))
rules.add_perm("certificates.revoke_certificates",
               granted("certificates.change_attendancecertificate"))
rules.add_perm("certificates.download_certificate", is_authenticated & (is_holder | can_list))
