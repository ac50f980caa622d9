"""Development and demo: SQLite, local-memory cache, immediate tasks, console email."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = True
ALLOWED_HOSTS = ["*"]
# The demo organizer must be usable straight away; production enforces MFA for staff.
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", False)
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "sent_emails"  # noqa: F405
