"""Finding the same page in the other language."""

from django.urls import translate_url


def url_in_language(request, language: str, page=None) -> str:
    """The page's live translation if it has one, else the same path under the language prefix.

    Memoised on the request: base.html asks for each language several times (hreflang links and
    the language switcher), and each answer costs queries.
    """
    if request is None:
        return "/" if language == "vi" else f"/{language}/"
    memo = request.__dict__.setdefault("_govconf_urls_in_language", {})
    key = (language, getattr(page, "pk", None))
    if key not in memo:
        memo[key] = _url_in_language(request, language, page)
    return memo[key]


def _url_in_language(request, language: str, page) -> str:
    if page is not None and hasattr(page, "get_translation_or_none"):
        from wagtail.models import Locale

        if page.locale.language_code == language:
            return page.get_url(request=request) or "/"
        locale = Locale.objects.filter(language_code=language).first()
        translated = page.get_translation_or_none(locale) if locale else None
        if translated is not None and translated.live:
            return translated.get_url(request=request) or "/"
    return translate_url(request.get_full_path(), language)
