from django.db import transaction

from conference.common.services import record_audit
from conference.common.text import nfc


def update_preferences(*, user, language: str, phone: str = "") -> None:
    with transaction.atomic():
        user.language = language
        user.phone = nfc(phone)
        user.save(update_fields=["language", "phone", "search_text"])
        record_audit(action="account.preferences", obj=user, actor=user,
                     data={"language": language})
