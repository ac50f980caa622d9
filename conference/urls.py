from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.urls import api_urlpatterns as cms_api_urls
from conference.accounts import views as accounts_views
from conference.common import views as common_views

# Language-neutral URLs: admin, APIs, webhooks, feeds. Apps add theirs to this list.
urlpatterns = [
    # Before Wagtail's admin: its own login and password reset would skip allauth's second factor
    # and its limits on wrong passwords.
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    re_path(r"^admin/password_reset/(?P<rest>.*)$", accounts_views.admin_password_reset),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    # Only the configured e-mail provider's delivery events (see the view).
    path("anymail/<slug:provider>/tracking/", common_views.email_tracking_webhook,
         name="email_tracking_webhook"),
    path("healthz", common_views.healthz, name="healthz"),
    path("badges/", include("conference.registration.badges.urls")),
    path("certificates/", include("conference.certificates.urls")),
    path("api/checkin/", include("checkin.api_urls")),
    path("payments/", include("conference.payments.api_urls")),
    path("api/registration/", include("conference.registration.api_urls")),
    path("", include((cms_api_urls, "cms_api"))),
]

# Pages people read: Vietnamese at /, English at /en/.
urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("conference.accounts.urls")),
    path("checkin/", include("checkin.urls")),
    path("awards/", include("conference.awards.urls")),
    path("feedback/", include("conference.feedback.urls")),
    path("register/", include("conference.registration.urls")),
    path("invitation/", include("conference.invitations.urls")),
    path("pay/", include("conference.payments.urls")),
    # Stripe sessions opened before the card return moved to the payments app still send the
    # payer back here.
    path("register/r/<str:reference>/<str:token>/paid/",
         RedirectView.as_view(pattern_name="payments:card_return", query_string=True)),
    path("", include("cms.urls")),
    prefix_default_language=False,
)

if settings.GOVCONF_BENCH_ENDPOINTS:
    from conference.common import bench

    urlpatterns += [path("bench/ceiling", bench.ceiling, name="bench_ceiling")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree last: it catches every remaining path.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

handler500 = "conference.common.views.server_error"
