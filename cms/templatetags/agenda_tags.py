"""The agenda's session cards, drawn in Python.

A cold agenda page with 500 sessions spent most of its time in the template engine resolving
~40 variables per card (about half a millisecond each card); this tag draws the same markup with
one pass of string formatting, the translated labels looked up once per list. The markup is the
card's single source: change it here (CSS in static/css/agenda.css).
"""

from html import escape as escape_text

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from cms.enums import SessionKind, SpeakerRole
from cms.models.agenda import LOCAL_TZ
from conference.common.i18n import localized

register = template.Library()


@register.simple_tag(takes_context=True)
def session_cards(context, sessions) -> str:
    """``{% session_cards sessions %}``: a card per session, with its star button.

    Expects ``cms.queries.SessionCard`` rows (``cms.queries.session_cards``).
    """
    base_url = escape(context.get("base_url", ""))
    kinds = {value: escape(label) for value, label in SessionKind.choices}
    roles = {value: escape(label) for value, label in SpeakerRole.choices}
    star = escape(gettext("Star"))
    language = (get_language() or "vi")[:2]
    theme_chips: dict[int, str] = {}
    speaker_items: dict[int, str] = {}
    out = []
    for session in sessions:
        pk = session.pk
        start = session.start.astimezone(LOCAL_TZ)
        end = session.end.astimezone(LOCAL_TZ)
        themes = session.themes
        title = escape_text(localized(session, "title", language))
        is_break = session.kind == SessionKind.BREAK
        style = f' style="--theme: {escape_text(themes[0].colour)}"' if themes else ""
        room = (
            f" · {escape_text(localized(session, 'room_name', language))}"
            if session.room_id
            else ""
        )
        chips = []
        for theme in themes:
            if theme.pk not in theme_chips:
                theme_chips[theme.pk] = (
                    f' <span class="chip" style="--chip: '
                    f'{escape_text(theme.colour)}">'
                    f"{escape_text(localized(theme, 'name', language))}"
                    "</span>"
                )
            chips.append(theme_chips[theme.pk])
        out.append(
            f'<article class="session session--{escape_text(session.kind)}" '
            f'data-session-id="{pk}"'
            f'{style}>\n  <p class="session__time"><time datetime="{start.isoformat()}">'
            f'{start:%H:%M}</time>–<time datetime="{end.isoformat()}">{end:%H:%M}</time>{room}'
            f'</p>\n  <h3 class="session__title">'
            + (title if is_break else f'<a href="{base_url}sessions/{pk}/">{title}</a>')
            + f'</h3>\n  <p class="session__meta"><span class="kind">'
            f"{kinds.get(session.kind) or escape_text(session.kind)}</span>{''.join(chips)}</p>\n"
        )
        if session.speakers:
            out.append('  <ul class="session__speakers">\n    ')
            for link in session.speakers:
                role = (
                    ""
                    if link.role == SpeakerRole.SPEAKER
                    else (
                        f' <span class="role">({roles.get(link.role) or escape_text(link.role)})'
                        "</span>"
                    )
                )
                if link.speaker_id not in speaker_items:
                    speaker_items[link.speaker_id] = (
                        f'<li><a href="{base_url}speakers/{link.speaker_id}/">'
                        f"{escape_text(link.name)}</a>"
                    )
                out.append(f"{speaker_items[link.speaker_id]}{role}</li>")
            out.append("\n  </ul>\n")
        if not is_break:
            out.append(
                f'  <button type="submit" form="star-form" name="session" value="{pk}" '
                f'class="star" data-session="{pk}" aria-pressed="false"><span class="star__icon" '
                f'aria-hidden="true">☆</span> <span class="star__label">{star}</span>'
                f'<span class="visually-hidden"> {title}</span></button>\n'
            )
        out.append("</article>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
