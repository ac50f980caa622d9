from django.conf import settings

from .navigation import nav_items


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "nav_items": nav_items(request),
    }
