"""Staff roles as Django groups with the model permissions they grant.

Apps append their permissions to ROLE_PERMISSIONS when they arrive; ``sync_roles`` runs after every
migrate and makes each role's group hold exactly the permissions listed: new ones join on the next
deploy, removed ones are revoked, and a name that matches no permission stops the migrate (a
misspelt grant would otherwise silently grant nothing). What a grant lets a user do is decided by
the rules in each app's permissions.py (see conference.common.permissions).
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ORGANIZER = "Organizer"
REGISTRATION_DESK = "Registration desk"
CHECKIN_STAFF = "Check-in staff"
AWARDS_SECRETARIAT = "Awards secretariat"
JUDGE = "Judge"

ROLE_LABELS = {
    ORGANIZER: _("Organizer"),
    REGISTRATION_DESK: _("Registration desk"),
    CHECKIN_STAFF: _("Check-in staff"),
    AWARDS_SECRETARIAT: _("Awards secretariat"),
    JUDGE: _("Judge"),
}
# Wagtail's own migrations create these two groups.
WAGTAIL_GROUP_LABELS = {
    "Moderators": _("Moderators"),
    "Editors": _("Editors"),
}


def role_label(group) -> str:
    """A group as people read it: its role's label in the active language, else its name."""
    label = ROLE_LABELS.get(group.name) or WAGTAIL_GROUP_LABELS.get(group.name)
    return group.name if label is None else str(label)


_ADMIN = ["wagtailadmin.access_admin"]
_CMS_EDIT = [
    f"{app}.{action}_{model}"
    for app, model in [
        ("wagtailcore", "page"),
        ("wagtailimages", "image"),
        ("wagtaildocs", "document"),
        ("cms", "edition"),
        ("cms", "theme"),
        ("cms", "room"),
        ("cms", "speaker"),
        ("cms", "session"),
        ("cms", "partner"),
    ]
    for action in ("add", "change", "delete", "view")
]

# Badges: see, print and reissue one badge; print batches and download them.
_BADGES = [
    "registration.view_badge",
    "registration.change_badge",
    "registration.add_badgebatch",
    "registration.view_badgebatch",
]
_CHECKIN_DESK = ["checkin.use_desk", "checkin.view_scan", "checkin.view_checkinpoint"]
_CHECKIN_ADMIN = [
    *_CHECKIN_DESK,
    *(f"checkin.{action}_checkinpoint" for action in ("add", "change", "delete")),
    "checkin.view_device",
    "checkin.change_device",
]

# Protocol seating: organisers build plans and seat people; the desk sees and prints them.
_SEATING_VIEW = ["seating.view_seatingplan"]
_SEATING_ADMIN = [
    "seating.arrange_seating",
    *[
        f"seating.{action}_{model}"
        for model in ("seatingplan", "section", "block", "rankrule")
        for action in ("add", "change", "delete", "view")
    ],
]

_AWARDS_MANAGE = [
    f"awards.{action}_{model}"
    for model in ("awardcycle", "awardcategory", "criterion", "categoryjudge", "nomination",
                  "certificate")
    for action in ("add", "change", "delete", "view")
] + [
    f"awards.view_{model}"
    for model in ("judgeassignment", "judgedeclaration", "score", "vote", "evidencefile")
]

# Registration desk: see and search registrations and attendees, approve or reject, resend
# emails, export; the waiting list. Organizers also set categories, questions, invitation codes,
# the edition's registration settings, and cancel with refunds.
_REGISTRATION_DESK = [
    "registration.view_registration",
    "registration.approve_registration",
    "registration.export_registration",
    "registration.view_attendee",
    "registration.view_category",
    "registration.view_waitinglistentry",
    "payments.view_stripepayment",
]
_REGISTRATION_ADMIN = [
    *_REGISTRATION_DESK,
    # Keys for the JSON registration API: issued and revoked, never deleted (registrations
    # made with a key keep naming it).
    "registration.add_apikey", "registration.change_apikey", "registration.view_apikey",
    "registration.cancel_registration",
    *[
        f"registration.{action}_{model}"
        for model in ("category", "question", "invitationcode", "registrationsettings")
        for action in ("add", "change", "delete", "view")
    ],
]

# Invitations: make, import, send (with their letters), extend, withdraw, export.
_INVITATIONS = [
    *(f"invitations.{action}_invitation" for action in ("add", "change", "delete", "view")),
    "invitations.send_invitation",
    "invitations.export_invitation",
]

# Bank transfers: upload statements, resolve lines, mark paid, export invoice details.
_PAYMENTS_DESK = [
    "payments.reconcile_bankstatement",
    "payments.view_banktransfer",
    "payments.view_bankstatement",
    "payments.view_statementline",
    "payments.view_invoicedetails",
]
# Organisers choose which payment methods each category offers.
_PAYMENT_METHODS = [
    f"payments.{action}_categorypaymentmethods" for action in ("add", "change", "delete", "view")
]

# Attendance certificates: issue them in batches, see and revoke them.
_CERTIFICATES = [
    "certificates.issue_attendancecertificate",
    "certificates.view_attendancecertificate",
    "certificates.change_attendancecertificate",
]
# The email outbox: see it and resend (the desk answers "I did not get the email"); organisers
# also clear bounce/complaint flags and read the audit log.
_OUTBOX_DESK = ["common.view_outboxmessage", "common.change_outboxmessage",
                "common.view_emailsuppression"]
_OUTBOX_ADMIN = [*_OUTBOX_DESK, "common.change_emailsuppression", "common.view_auditentry"]
# Messages to delegates: compose, send, schedule and cancel.
_MESSAGING = [f"messaging.{action}_broadcast" for action in ("add", "change", "view")]
# Session feedback: read ratings and comments, release them to speakers.
_FEEDBACK = ["feedback.view_sessionfeedback", "feedback.change_feedbacksettings"]

# The post-event report: prepare it and download its files.
_REPORTS = ["reports.prepare_editionreport", "reports.view_editionreport"]

# "app_label.codename" per role.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ORGANIZER: [*_ADMIN, *_CMS_EDIT, "wagtailcore.add_page", "wagtailcore.publish_page",
                *_BADGES, *_CHECKIN_ADMIN, *_REGISTRATION_ADMIN,
                "cms.publish_session", "cms.lock_session", "cms.unlock_session",
                *_PAYMENTS_DESK, *_PAYMENT_METHODS, *_CERTIFICATES, *_OUTBOX_ADMIN,
                *_MESSAGING, *_SEATING_ADMIN, *_INVITATIONS, *_FEEDBACK, *_REPORTS],
    REGISTRATION_DESK: [*_ADMIN, *_BADGES, *_CHECKIN_DESK, *_REGISTRATION_DESK,
                        *_PAYMENTS_DESK, "certificates.view_attendancecertificate",
                        *_OUTBOX_DESK, *_SEATING_VIEW, "invitations.view_invitation"],
    CHECKIN_STAFF: ["checkin.use_scanner"],
    AWARDS_SECRETARIAT: [*_ADMIN, *_AWARDS_MANAGE],
    JUDGE: [],
}

# Roles whose members see personal data and so must use multi-factor authentication.
PERSONAL_DATA_ROLES = {ORGANIZER, REGISTRATION_DESK, CHECKIN_STAFF, AWARDS_SECRETARIAT, JUDGE}


def sync_roles() -> None:
    """Make every role's group hold exactly its ROLE_PERMISSIONS (idempotent).

    Raises ImproperlyConfigured, changing nothing, if a listed name matches no permission.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db import transaction

    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    unknown = sorted({perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
                     - existing.keys())
    if unknown:
        raise ImproperlyConfigured(
            "ROLE_PERMISSIONS names permissions that do not exist: " + ", ".join(unknown)
        )
    with transaction.atomic():
        for role, perms in ROLE_PERMISSIONS.items():
            group, _created = Group.objects.get_or_create(name=role)
            group.permissions.set([existing[perm] for perm in perms])


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # post_migrate fires once per app, and each app's permissions are created by its own signal:
    # sync when the last app's signal fires, once every permission exists.
    from django.apps import apps

    # Apps without models (e.g. django.contrib.sitemaps) get no signal: skip them.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.label != with_models[-1].label:
        return
    sync_roles()


#: Who else needs MFA although they hold no role: each entry is a callable returning a filter on
#: the user model (a ``Q``), added by the app that knows (the awards add "sits on a judging
#: panel", as a judge reads private evidence without being in the Judge group).
MFA_REQUIRED_WHEN: list[Callable[[], Q]] = []


def require_mfa_when(condition: Callable[[], Q]) -> None:
    """Add a condition (a callable returning a ``Q`` on users) under which MFA is required."""
    if condition not in MFA_REQUIRED_WHEN:
        MFA_REQUIRED_WHEN.append(condition)


def needs_mfa(user) -> bool:
    """Whoever can see personal data or change anything staff can: superusers, Django staff,
    members of any group (a role, or Wagtail's editors), holders of any permission of their own,
    and whoever an app adds to MFA_REQUIRED_WHEN. One query for an ordinary account."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    condition = Q(groups__isnull=False) | Q(user_permissions__isnull=False)
    for extra in MFA_REQUIRED_WHEN:
        condition |= extra()
    from django.contrib.auth import get_user_model

    return get_user_model()._default_manager.filter(condition, pk=user.pk).exists()
