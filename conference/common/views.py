import logging

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

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
