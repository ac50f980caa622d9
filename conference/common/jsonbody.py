"""Reading a JSON request body, and each of its fields, with the types checked.

Every JSON API reads its body through ``read_json_object`` and its fields through ``field``: a
body that is not a JSON object, nests too deeply, or a field of the wrong type is a ``BadInput``
(HTTP 400 with a machine code, the field's name and a translated reason), never a 500 from a
``TypeError``, ``OverflowError`` or ``RecursionError`` further in.
"""

import json
import unicodedata

from django.utils.translation import gettext as _

from .exceptions import DomainError

# PostgreSQL's integer: an id outside it can name no row.
MAX_ID = 2**31 - 1


class BadInput(DomainError):
    """The request cannot be read: not JSON, or a field of the wrong type."""

    code = "bad_request"
    status = 400


def loads_object(raw: bytes | str) -> dict:
    """``raw`` parsed as a JSON object. BadInput(bad_json) if it is not JSON, not an object, or
    nests deeper than the parser's recursion limit."""
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadInput(_("The request is not valid JSON."), code="bad_json") from exc
    if not isinstance(data, dict):
        raise BadInput(_("The request must be a JSON object."), code="bad_json")
    return data


def read_json_object(request, *, limit: int) -> dict:
    """The request body as a JSON object, refused (413 too_large) above ``limit`` bytes."""
    if len(request.body) > limit:
        raise BadInput(_("The request is too large."), code="too_large", status=413)
    return loads_object(request.body)


def has_control_characters(text: str) -> bool:
    """True if ``text`` holds a control, format, surrogate or unassigned character (NUL, ESC,
    a lone surrogate...): none belongs in a code, a name or a search, and PostgreSQL refuses NUL
    and lone surrogates outright."""
    if text.isascii():  # the usual case, at C speed: ASCII's only "C" characters are controls
        return not text.isprintable()
    return any(unicodedata.category(ch)[0] == "C" for ch in text)


def _wrong(name: str, kind: type) -> BadInput:
    expected = {
        int: _("a whole number"),
        str: _("text"),
        bool: _("true or false"),
        list: _("a list"),
        dict: _("an object"),
    }[kind]
    return BadInput(
        _("The field “%(field)s” must be %(expected)s.") % {"field": name, "expected": expected},
        code="bad_field", field=name,
    )


def field(data: dict, name: str, kind: type, *, required: bool = True, default=None,
          max_length: int | None = None, minimum: int | None = None,
          maximum: int | None = None, allow_control: bool = False):
    """``data[name]``, checked to be of ``kind`` (int, str, bool, list or dict).

    Missing or null: ``default`` if not ``required``, else BadInput(missing_field). An int is a
    JSON integer (not true/false, not 1.5 nor 1e400) within ``minimum``..``maximum`` (by default
    an id: 1..2**31-1). Text is at most ``max_length`` characters and, unless ``allow_control``,
    holds no control characters. Anything else is BadInput(bad_field) naming the field.
    """
    value = data.get(name)
    if value is None:
        if required:
            raise BadInput(_("The field “%(field)s” is required.") % {"field": name},
                           code="missing_field", field=name)
        return default
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong(name, int)
        low = 1 if minimum is None else minimum
        high = MAX_ID if maximum is None else maximum
        if not low <= value <= high:
            raise BadInput(
                _("The field “%(field)s” must be between %(low)s and %(high)s.")
                % {"field": name, "low": low, "high": high},
                code="bad_field", field=name,
            )
        return value
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _wrong(name, kind)
    if kind is str:
        if max_length is not None and len(value) > max_length:
            raise BadInput(
                _("The field “%(field)s” is longer than %(count)s characters.")
                % {"field": name, "count": max_length},
                code="bad_field", field=name,
            )
        if not allow_control and has_control_characters(value):
            raise BadInput(
                _("The field “%(field)s” contains control characters.") % {"field": name},
                code="bad_field", field=name,
            )
    return value
