"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, documented in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps come first so that their templates and translations win.
    "conference.common",
    "conference.accounts",
    "cms",
    "conference.registration",
    "conference.payments",
    "conference.awards",
    "checkin",
    "conference.certificates",
    "conference.messaging",
    "conference.seating",
    "conference.invitations",
    "conference.feedback",
    "conference.reports",
    # Vietnamese for Wagtail's admin: after our apps (theirs win), before Wagtail's (ours win).
    "cms.wagtail_vi",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "conference.accounts.wagtail_users.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # tasks, email, CORS
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "corsheaders",
    # Who may do what: predicates per app (see conference.common.permissions)
    "rules",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, cached pages included (conference/common/csp.py).
    "conference.common.csp.SiteCSPMiddleware",
    # A NUL anywhere in a request is a 400 here, never a 500 from PostgreSQL (see the module).
    "conference.common.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the shared cache, before sessions and CSRF (see cms/pagecache.py).
    "cms.pagecache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "conference.accounts.middleware.StaffMFARequiredMiddleware",
    "conference.accounts.middleware.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "conference.urls"
WSGI_APPLICATION = "conference.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "conference.common.context_processors.site",
            ],
            "builtins": ["conference.common.templatetags.govconf"],
        },
    },
]

# Database: SQLite is the embedded default for development and the demo;
# production and CI set DATABASE_URL (PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The check-in decision's query is prepared once per PostgreSQL connection (conference.common.db).
# Switch off behind a pooler in transaction mode, where a connection is not one server session.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Every permission the code asks is a rule (each app's permissions.py); model permissions
    # are the grants of roles that those rules read.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# --- Internationalisation: Vietnamese first, English second. -----------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# Every page created in one language gets an alias in the other (simple_translation), so /en/
# never answers 404 for a Vietnamese page: the alias shows the Vietnamese content until an editor
# translates it. Pages created before this setting got theirs from cms migration 0003.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Vietnamese that third-party packages lack (django-allauth ships none; a few Django strings
    # changed after their translation), kept where `make messages` does not rewrite it.
    BASE_DIR / "conference" / "accounts" / "third_party_translations" / "locale",
    # The Wagtail admin's JavaScript strings (its catalogue view reads only LOCALE_PATHS besides
    # wagtail.admin); the rest of Wagtail's Vietnamese is the app cms.wagtail_vi.
    BASE_DIR / "cms" / "wagtail_vi" / "js" / "locale",
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our own formats (dd/mm/yyyy in both languages) live in conference/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["conference.formats"]
LANGUAGE_COOKIE_NAME = "govconf_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that must never be served by the web server (evidence files, statements, badge batches).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Award evidence files (PDF or image) larger than this are refused.
AWARDS_MAX_EVIDENCE_BYTES = int(env("AWARDS_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Badge download links in emails (signed, no login needed) stay valid this long.
BADGE_LINK_MAX_AGE = int(env("BADGE_LINK_MAX_AGE_DAYS", "180")) * 24 * 60 * 60
# Fonts of the badge PNG/PDF; empty: DejaVu Sans copied from npm to static/vendor/dejavu.
BADGE_FONT_DIR = env("BADGE_FONT_DIR")
# A scan can be undone at its point this long after it was recorded (a wrong person waved in).
CHECKIN_UNDO_SECONDS = int(env("CHECKIN_UNDO_SECONDS", "300"))

# --- Cache, sessions -----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "govconf"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Tasks (django-tasks, the backport of Django's task API) ------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Email ---------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Hội thảo Chính phủ số <no-reply@govconf.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_PROVIDER = env("EMAIL_PROVIDER")  # postmark, mailgun, sendgrid, brevo, amazon_ses, ...
EMAIL_PROVIDER_API_KEY = env("EMAIL_PROVIDER_API_KEY")
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", "")}
if EMAIL_PROVIDER:
    from conference.settings.email import anymail_settings

    EMAIL_BACKEND, _anymail = anymail_settings(
        EMAIL_PROVIDER, EMAIL_PROVIDER_API_KEY, api_url=env("EMAIL_PROVIDER_API_URL")
    )
    ANYMAIL.update(_anymail)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Outbox retry policy: back off from OUTBOX_RETRY_BASE_SECONDS, doubling up to six hours, and
# keep trying for OUTBOX_RETRY_DAYS (a provider outage over a weekend loses nothing); then the
# message is marked failed and staff see it on the dashboard.
OUTBOX_RETRY_DAYS = float(env("OUTBOX_RETRY_DAYS", "3"))
# Session feedback: ratings one account may send per ten minutes (0 = no limit).
FEEDBACK_RATE_LIMIT = 30
OUTBOX_RETRY_BASE_SECONDS = int(env("OUTBOX_RETRY_BASE_SECONDS", "60"))

# --- Content-Security-Policy (django-csp; conference/common/csp.py) ---------------------------
# No inline script anywhere but Wagtail's admin; no per-request nonce (the page cache shares pages).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

# --- allauth ---------------------------------------------------------------------------------
ACCOUNT_ADAPTER = "conference.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "conference.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "govconf"
# Staff who can see personal data must have TOTP set up before using staff pages (Decree 13).
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)
# How many proxies we run in front of gunicorn, each appending the address it was reached from to
# X-Forwarded-For (README "nginx": 1). conference.common.ratelimit.client_ip trusts exactly that
# many entries from the right; with 0 the header is ignored (a client could write anything in it).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Wagtail -------------------------------------------------------------------------------------
# No avatars from Gravatar: the admin would send a hash of every staff e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask releases.wagtail.org for new versions (upgrades go by requirements).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_SITE_NAME = "Hội thảo Quốc gia về Chính phủ số"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # allauth owns passwords
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "csv", "txt", "zip"]

# --- Page cache (cms/pagecache.py) and the front cache ------------------------------------------
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# How long the server keeps a page at most: edits invalidate at once, this only bounds what time
# alone changes (registration opening, what is on now).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# What browsers and the front cache are told (Cache-Control: public, max-age, s-w-r).
PAGE_CACHE_MAX_AGE = int(env("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_STALE_SECONDS = int(env("PAGE_CACHE_STALE_SECONDS", "300"))
# The cache in front of the app servers, purged by Wagtail when a page is published and by
# cms.services.invalidate_public_pages when agenda records change. See README "Front cache".
FRONTEND_CACHE = env("FRONTEND_CACHE", "").lower()  # "", nginx, varnish, cloudflare, cloudfront
if FRONTEND_CACHE in ("nginx", "varnish", "http"):
    WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_LOCATION", "http://127.0.0.1:8080"),
    }}
elif FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }}
elif FRONTEND_CACHE == "cloudfront":
    WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }}
elif FRONTEND_CACHE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "FRONTEND_CACHE must be empty, nginx, varnish, cloudflare or cloudfront."
    )
else:
    WAGTAILFRONTENDCACHE = {}
# Our page URLs already carry their language (/ and /en/): purge each URL as it is.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- CORS: the read-only JSON API and exports are public for GET. --------------------------------
CORS_URLS_REGEX = r"^/(api|exports)/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_ALL_ORIGINS = True

# --- Security defaults shared by every environment ------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Wagtail marks its own preview views SAMEORIGIN; nothing else of ours is ever framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Bank transfer (VietQR) ----------------------------------------------------------------------
# The organiser's account that attendees pay into. BIN: the bank's 6-digit NAPAS code
# (Vietcombank 970436, VietinBank 970415, BIDV 970418, Agribank 970405, Techcombank 970407, ...).
BANK_TRANSFER_BIN = env("BANK_TRANSFER_BIN", "970436")
BANK_TRANSFER_ACCOUNT = env("BANK_TRANSFER_ACCOUNT", "0011004433221")
BANK_TRANSFER_ACCOUNT_NAME = env("BANK_TRANSFER_ACCOUNT_NAME", "CUC CHUYEN DOI SO QUOC GIA")
BANK_TRANSFER_BANK_NAME = env("BANK_TRANSFER_BANK_NAME", "Vietcombank")
# How long a registration paid by transfer holds its seats; a reminder goes out a day before.
BANK_TRANSFER_HOLD_DAYS = int(env("BANK_TRANSFER_HOLD_DAYS", "3"))
BANK_TRANSFER_REMINDER_HOURS = int(env("BANK_TRANSFER_REMINDER_HOURS", "24"))

# --- Invitations ---------------------------------------------------------------------------------
# Reminders to invitees who have not answered, this many days before the deadline (each once).
INVITATION_REMINDER_DAYS = [int(d) for d in env_list("INVITATION_REMINDER_DAYS", "7,2")]

# Only conference.settings.bench turns this on: routes the bare-Django ceiling for `make bench`.
GOVCONF_BENCH_ENDPOINTS = False

# --- Demo ----------------------------------------------------------------------------------
# Each app that contributes to the demo edition adds its loader here; load_demo calls them in order.
GOVCONF_DEMO_LOADERS = [
    "cms.demo.load",
    "cms.demo_materials.load",
    "conference.awards.demo.load",
    "conference.registration.demo.load",
    "conference.registration.demo_states.load",
    "conference.invitations.demo.load",
    "checkin.demo.load",
    "conference.certificates.demo.load",
    "conference.awards.demo_results.load",
    "conference.messaging.demo.load",
    "conference.feedback.demo.load",
    "conference.seating.demo.load",
    "conference.reports.demo.load",
]

#: Category codes whose attendees the post-event report counts as press.
GOVCONF_REPORT_PRESS_CATEGORIES = env_list("GOVCONF_REPORT_PRESS_CATEGORIES", "press")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run and per page edit is noise; failures still show.
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}


# --- Payments: Stripe Checkout (README "Payments") ----------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
# Another API host for Stripe's client (the tests' fake); empty = https://api.stripe.com.
STRIPE_API_BASE = env("STRIPE_API_BASE")
STRIPE_WEBHOOK_TOLERANCE = int(env("STRIPE_WEBHOOK_TOLERANCE", "300"))
STRIPE_MAX_NETWORK_RETRIES = int(env("STRIPE_MAX_NETWORK_RETRIES", "2"))
# Registrations per client IP per 10 minutes (the cache holds the counters: Redis in production).
REGISTRATION_RATE_LIMIT = int(env("REGISTRATION_RATE_LIMIT", "20"))
# The first registration page (categories, seats left) is kept this long for anonymous visitors
# (page cache, and max-age for browsers and the front cache): the seats shown may be this late.
REGISTRATION_START_CACHE_SECONDS = int(env("REGISTRATION_START_CACHE_SECONDS", "10"))
# Press cards and portrait photos (press accreditation), checked by content.
REGISTRATION_MAX_DOCUMENT_BYTES = int(env("REGISTRATION_MAX_DOCUMENT_BYTES",
                                          str(8 * 1024 * 1024)))
# Seats held unpaid in one category (card or bank transfer not yet received) per contact e-mail
# and per client address: nobody can hold a category's seats without paying for them.
REGISTRATION_UNPAID_SEATS_PER_CONTACT = int(env("REGISTRATION_UNPAID_SEATS_PER_CONTACT", "20"))
REGISTRATION_UNPAID_SEATS_PER_ADDRESS = int(env("REGISTRATION_UNPAID_SEATS_PER_ADDRESS", "40"))
# Paid registrations made through the JSON API (kiosks, partner sites) hold seats this long.
REGISTRATION_API_HOLD_MINUTES = int(env("REGISTRATION_API_HOLD_MINUTES", "10"))
# The last step of the public registration (consent, how to pay, taking the seats) is owned by
# the payments app; registration redirects to it by this URL name, as auth does with LOGIN_URL.
REGISTRATION_CHECKOUT_URL = "payments:checkout"
