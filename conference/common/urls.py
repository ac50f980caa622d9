"""Finding the same page in the other language."""

from django.urls import translate_url


def url_in_language(request, language: str, page=None) -> str:
    """The page's live translation if it has one, else the same path under the language prefix."""
    if request is None:
        return "/" if language == "vi" else f"/{language}/"
    if page is not None and hasattr(page, "get_translation_or_none"):
        from wagtail.models import Locale

        locale = Locale.objects.filter(language_code=language).first()
        translated = page.get_translation_or_none(locale) if locale else None
        if translated is not None and translated.live:
            return translated.get_url(request=request) or "/"
    return translate_url(request.get_full_path(), language)
