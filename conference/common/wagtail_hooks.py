"""The email outbox, flagged addresses and the audit log in the Wagtail admin.

All three are records written only by services: the viewsets list, filter and inspect them; the
only actions are resending messages and clearing a flag (``admin_views``), each through a service.
"""

from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .admin_filters import AuditFilterSet, FlagFilterSet, OutboxFilterSet
from .enums import OutboxStatus
from .models import AuditEntry, EmailSuppression, OutboxMessage
from .services import undelivered_counts


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records changed only through services: no add/change/delete from generic forms."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


for _model in (OutboxMessage, EmailSuppression, AuditEntry):
    register_permission_policy(_model, ReadOnlyPolicy(_model), exact_class=True)


STATUS_TAG = {
    OutboxStatus.QUEUED: "warning",
    OutboxStatus.SENT: "success",
    OutboxStatus.FAILED: "critical",
    OutboxStatus.BOUNCED: "critical",
    OutboxStatus.COMPLAINED: "critical",
    OutboxStatus.SUPPRESSED: "critical",
}


# --- Outbox ---------------------------------------------------------------------------------

class SelectColumn(Column):
    """A checkbox per row: the listing's form sends the chosen ids to the resend page."""

    cell_template_name = "common/admin/select_cell.html"

    def __init__(self):
        super().__init__("select", label="", width="1%")


class OutboxIndexView(IndexView):
    results_template_name = "common/admin/outbox_results.html"
    search_fields = ["to", "subject"]
    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(Q(to__icontains=self.search_query)
                               | Q(subject__icontains=self.search_query))

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm("common.resend_email"):
            query = self.request.GET.urlencode()
            buttons.append(Button(
                _("Resend every undelivered message listed"),
                url=reverse("common_outbox_resend") + (f"?{query}" if query else ""),
                icon_name="mail", priority=5))
        buttons.append(Button(_("Flagged addresses"), url=reverse("email_flags:index"),
                              icon_name="warning", priority=10))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_resend"] = self.request.user.has_perm("common.resend_email")
        return context


class OutboxInspectView(InspectView):
    fields = ["to", "subject", "template", "language", "status", "attempts", "last_error",
              "created_at", "queued_at", "next_attempt_at", "sent_at", "provider_message_id",
              "attachment_names", "events", "body_text"]

    def get_attachment_names_display_value(self):
        return ", ".join(item["filename"] for item in self.object.attachments) or "-"

    def get_events_display_value(self):
        return format_html(
            "<ul>{}</ul>",
            format_html("".join(
                str(format_html("<li>{} · {} · {}</li>", e.get("at", ""), e.get("type", ""),
                                e.get("info", "")))
                for e in self.object.events)),
        ) if self.object.events else "-"

    def get_body_text_display_value(self):
        return format_html("<pre>{}</pre>", self.object.body_text)

    def get_field_label(self, field_name, field):
        if field_name == "attachment_names":
            return _("attachments")
        return super().get_field_label(field_name, field)

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if (self.request.user.has_perm("common.resend_email")
                and self.object.status != OutboxStatus.QUEUED):
            buttons.append(Button(
                _("Resend"), url=reverse("common_outbox_resend") + "?"
                + urlencode({"id": self.object.pk}), icon_name="mail", priority=5))
        return buttons


class OutboxViewSet(ModelViewSet):
    name = "outbox"
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Email outbox")
    url_prefix = "outbox"
    index_view_class = OutboxIndexView
    inspect_view_class = OutboxInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = OutboxFilterSet
    list_per_page = 50
    list_display = [
        SelectColumn(),
        TitleColumn("to", label=_("to"), url_name="outbox:inspect"),
        "subject",
        "template",
        StatusTagColumn("status", label=_("status"), accessor="get_status_display",
                        primary=lambda m: STATUS_TAG.get(m.status) == "success"),
        "attempts",
        Column("last_error", label=_("last error"),
               accessor=lambda m: (m.last_error[:80] + "…") if len(m.last_error) > 80
               else m.last_error),
        DateColumn("created_at", label=_("created")),
        DateColumn("next_attempt_at", label=_("next attempt")),
    ]
    form_fields = ["to"]


# --- Flagged addresses ----------------------------------------------------------------------

class FlagIndexView(IndexView):
    search_fields = ["email"]
    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(email__icontains=self.search_query)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cleared_by")


class ClearColumn(Column):
    cell_template_name = "common/admin/clear_flag_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_clear"] = (instance.cleared_at is None and request is not None
                                and request.user.has_perm("common.clear_address_flag"))
        return context


class FlagViewSet(ModelViewSet):
    name = "email_flags"
    model = EmailSuppression
    icon = "warning"
    menu_label = _("Flagged addresses")
    url_prefix = "outbox/flags"
    index_view_class = FlagIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = FlagFilterSet
    list_per_page = 50
    list_display = ["email", "reason", "detail", DateColumn("created_at", label=_("flagged")),
                    DateColumn("cleared_at", label=_("cleared")), "cleared_by",
                    ClearColumn("clear", label="")]
    form_fields = ["email"]


# --- Audit log ------------------------------------------------------------------------------

class AuditIndexView(IndexView):
    search_fields = ["object_repr"]
    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(Q(object_repr__icontains=self.search_query)
                               | Q(action__icontains=self.search_query))

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor")


class AuditInspectView(InspectView):
    fields = ["created_at", "actor", "action", "object_type", "object_id", "object_repr",
              "device", "ip_address", "data"]

    def get_data_display_value(self):
        import json

        return format_html("<pre>{}</pre>",
                           json.dumps(self.object.data, ensure_ascii=False, indent=2))


class AuditViewSet(ModelViewSet):
    name = "audit_log"
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    url_prefix = "audit-log"
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = AuditFilterSet
    list_per_page = 100
    list_display = [
        TitleColumn("created_at", label=_("time"), url_name="audit_log:inspect",
                    accessor=lambda e: localtime(e.created_at).strftime("%d/%m/%Y %H:%M:%S")),
        Column("actor", label=_("by"), accessor=lambda e: e.actor.email if e.actor else "-"),
        "action", Column("object", label=_("object"),
                         accessor=lambda e: f"{e.object_repr} ({e.object_type} #{e.object_id})"
                         if e.object_type else "-"),
        "device", "ip_address",
    ]
    form_fields = ["action"]


class RecordsGroup(ViewSetGroup):
    menu_label = _("Email & audit")
    menu_icon = "mail"
    menu_order = 800
    items = (OutboxViewSet, FlagViewSet, AuditViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RecordsGroup()


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [path("outbox-actions/", include([
        path("resend/", admin_views.resend, name="common_outbox_resend"),
        path("flags/<int:pk>/clear/", admin_views.clear_flag, name="common_flag_clear"),
    ]))]


class UndeliveredPanel(Component):
    """On the dashboard when emails need attention: failed after every retry, bounced,
    complained about, held back for a flagged address."""

    name = "undelivered_emails"
    order = 40
    template_name = "common/admin/undelivered_panel.html"

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context):
        index = reverse("outbox:index")
        rows = [
            (label, self.counts[status], f"{index}?{urlencode({'status': status})}")
            for status, label in OutboxStatus.choices
            if status in self.counts and self.counts[status]
        ]
        return {"rows": rows, "flags": self.counts["flags"],
                "flags_url": reverse("email_flags:index") + "?active=true"}


@hooks.register("construct_homepage_panels")
def add_undelivered_panel(request, panels):
    if not request.user.has_perm("common.read_outbox"):
        return
    counts = undelivered_counts()
    if any(counts.values()):
        panels.append(UndeliveredPanel(counts))
