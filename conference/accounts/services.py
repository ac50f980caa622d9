from django.db import transaction

from conference.common.services import record_audit
from conference.common.text import nfc


def update_preferences(*, user, language: str, phone: str = "") -> None:
    """Save the user's language (emails, pages and the Wagtail admin) and phone; audited."""
    from wagtail.users.models import UserProfile

    with transaction.atomic():
        user.language = language
        user.phone = nfc(phone)
        user.save(update_fields=["language", "phone", "search_text"])
        # Staff see the Wagtail admin in the language they chose here, too.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        record_audit(action="account.preferences", obj=user, actor=user,
                     data={"language": language})
