import logging

from anymail import urls as anymail_urls
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token

logger = logging.getLogger(__name__)

# The last resort when even the site's layout cannot be drawn (the database is down, a template
# tag fails): both languages, no template, nothing that can fail again.
PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Lỗi máy chủ / Server error</title></head><body>"
    "<h1>Đã có lỗi xảy ra</h1><p>Vui lòng thử lại sau ít phút. "
    '<a href="/">Về trang chủ</a></p>'
    '<h1 lang="en">Something went wrong</h1><p lang="en">Please try again in a few minutes. '
    '<a href="/en/">Back to the home page</a></p></body></html>'
)


# anymail's tracking webhook view of each provider, by provider name ("postmark", "amazon_ses").
_TRACKING_WEBHOOKS = {
    pattern.name.removesuffix("_tracking_webhook"): pattern.callback
    for pattern in anymail_urls.urlpatterns
    if (pattern.name or "").endswith("_tracking_webhook")
}


@csrf_exempt
def email_tracking_webhook(request, provider: str):
    """The configured EMAIL_PROVIDER's delivery-event webhook (anymail's view, which checks
    ANYMAIL_WEBHOOK_SECRET). Every other provider's address is a 404: routing all of anymail's
    webhooks answered 500 for the providers that are not configured."""
    view = _TRACKING_WEBHOOKS.get(provider)
    if view is None or provider != settings.EMAIL_PROVIDER:
        raise Http404("No such e-mail provider webhook.")
    return view(request)


def healthz(request):
    """Load balancer probe: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@requires_csrf_token
def server_error(request):
    """The 500 page in the site's layout and the visitor's language (Django's own handler renders
    without the request, so without the header, navigation or language); plain if that fails."""
    try:
        body = loader.get_template("500.html").render({}, request)
    except Exception:
        logger.exception("The 500 page could not be rendered")
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)
