"""Template helpers available in every template (registered as builtins in settings)."""

from django import template
from django.utils import translation

from conference.common.i18n import localized

register = template.Library()


@register.filter(name="localized")
def localized_filter(obj, field: str) -> str:
    """``{{ category|localized:"name" }}``: the English twin on English pages, else Vietnamese."""
    return localized(obj, field)


@register.filter
def vnd(amount) -> str:
    """Format whole dong: 1.500.000 ₫ (vi) or 1,500,000 ₫ (en)."""
    if amount in (None, ""):
        return ""
    value = int(amount)
    grouped = f"{abs(value):,}"
    if (translation.get_language() or "vi").startswith("vi"):
        grouped = grouped.replace(",", ".")
    return f"{'-' if value < 0 else ''}{grouped} ₫"


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """The URL of the current page in ``language``: the page's translation, or the same path."""
    from conference.common.urls import url_in_language

    return url_in_language(context.get("request"), language, page=context.get("page"))


@register.filter
def squash(value) -> str:
    """Collapse runs of whitespace (e.g. allauth's indented head_title blocks) to one space."""
    return " ".join(str(value).split())
