from django import template
from django.urls import reverse
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_config(context, agenda_url: str) -> dict:
    """What static/js/agenda.js reads from ``<script id="agenda-config">`` (render it with
    ``json_script``, never by hand: a translation with a quote would break hand-written JSON)."""
    user = context.get("user")
    return {
        "authenticated": bool(user and user.is_authenticated),
        "starsUrl": reverse("cms_api:api_stars"),
        "mergeUrl": reverse("cms_api:api_stars_merge"),
        "myUrl": f"{agenda_url}my/",
        "starLabel": gettext("Star"),
        "starredLabel": gettext("Starred"),
    }
