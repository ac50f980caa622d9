"""Who may do what: the one way to ask, and the helpers every app builds on.

Each app states its rules in its own ``permissions.py`` (imported by its AppConfig.ready()):
predicates (django-rules) registered under ``"<app>.<verb_noun>"`` names with
``rules.add_perm``. Code never tests roles, groups, ``is_staff`` or model permissions itself: views,
admin desks, Wagtail menu items (``conference.common.admin_menu.PermissionMenuItem``), templates
(``perms.<app>.<verb_noun>`` or ``{% load rules %}{% has_perm name user obj as ok %}``) and
services all ask ``user.has_perm(name, obj)``. ``rules.permissions.ObjectPermissionBackend``
answers (it comes first in AUTHENTICATION_BACKENDS); an active superuser may do everything, as
Django decides before any backend.

Roles (``conference.accounts.roles``) are what an organiser grants: Django groups holding model
permissions. A predicate reads such a grant with ``granted("app.codename")``. Rule names are
verbs of their own, never a model permission's codename (``view_``/``add_``/``change_``/``delete_``
+ model), so that the two never shadow each other.
"""

from functools import wraps

import rules
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

_model_permissions = ModelBackend()


def granted(perm: str) -> rules.Predicate:
    """A predicate: the (active) user holds the model permission ``perm``, through a role or
    directly. Read through Django's ModelBackend, which caches the user's permissions on the
    user object, so asking several rules costs one query per request."""

    def check(user) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and _model_permissions.has_perm(
            user, perm
        )

    return rules.predicate(check, name=f"granted({perm})")


is_authenticated = rules.is_authenticated
is_active = rules.is_active


def permission_required(perm: str, *, hide: bool = False):
    """The view decorator: anonymous visitors are sent to the login page; a signed-in user
    without ``perm`` gets 403, or 404 with ``hide=True``.

    A rule about one object is asked inside the view, once it has loaded the object:
    ``if not request.user.has_perm("awards.read_nomination", nomination): raise Http404``.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_perm(perm):
                if hide:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# The outbox and the audit log (rules of the ``common`` app):
#   common.read_outbox          see the outbox and the flagged addresses
#   common.resend_email         queue messages again
#   common.clear_address_flag   clear a hard-bounce or complaint flag
#   common.read_audit_log       see the audit log
rules.add_perm("common.read_outbox", granted("common.view_outboxmessage"))
rules.add_perm("common.resend_email", granted("common.change_outboxmessage"))
rules.add_perm("common.clear_address_flag", granted("common.change_emailsuppression"))
rules.add_perm("common.read_audit_log", granted("common.view_auditentry"))

# The Wagtail admin (Wagtail's own grant, which the roles give to staff):
#   common.use_admin            open /admin/ at all
rules.add_perm("common.use_admin", granted("wagtailadmin.access_admin"))
