"""The registration desk in the Wagtail admin (ModelViewSets for plain models, STYLE 9)."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.models import Edition
from conference.common.admin_menu import PermissionMenuItem
from conference.common.templatetags.govconf import vnd
from conference.common.text import search_terms, spreadsheet_safe

from . import admin_views, signals
from .badges import wagtail_hooks as _badge_hooks  # noqa: F401 (badge tools register themselves)
from .enums import PaymentMethod, RegistrationStatus
from .models import (
    ApiKey,
    Attendee,
    Category,
    InvitationCode,
    Question,
    Registration,
    RegistrationSettings,
    WaitingListEntry,
)
from .queries import category_counts


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


for _model in (Registration, Attendee, WaitingListEntry):
    register_permission_policy(_model, ReadOnlyPolicy(_model), exact_class=True)


class SafeExportMixin:
    """CSV/XLSX exports that cannot run formulas (=, +, -, @ at the start of a cell), for
    those allowed to export."""

    def get(self, request, *args, **kwargs):
        if getattr(self, "is_export", False) and not request.user.has_perm(
            "registration.export_registrations"
        ):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    @property
    def show_export_buttons(self):
        return super().show_export_buttons and self.request.user.has_perm(
            "registration.export_registrations")

    def to_row_dict(self, item):
        """What desk staff read: a choice's label (not `awaiting_payment`), local time."""
        row = super().to_row_dict(item)
        for field, value in row.items():
            owner, _dot, name = field.rpartition(".")
            obj = item
            for part in filter(None, owner.split(".")):
                obj = getattr(obj, part, None)
            display = getattr(obj, f"get_{name}_display", None)
            if callable(display):
                row[field] = display()
            elif name == "answers" and isinstance(value, dict):
                questions = item.registration.category.questions.all()
                row[field] = "; ".join(f"{label}: {answer}" for label, answer
                                       in admin_views.readable_answers(item, questions))
            elif name == "payment_method" and value in PaymentMethod.values:
                row[field] = PaymentMethod(value).label
            elif isinstance(value, datetime.datetime):
                local = timezone.localtime(value).replace(microsecond=0, tzinfo=None)
                row[field] = local if self.is_xlsx else local.strftime("%d/%m/%Y %H:%M")
        return row

    def get_heading(self, queryset, field):
        return capfirst(super().get_heading(queryset, field))

    @property
    def is_xlsx(self) -> bool:
        return self.request.GET.get("export") == self.FORMAT_XLSX

    def stream_csv(self, queryset):
        # A byte order mark first: Excel then reads the file as UTF-8 (Vietnamese intact).
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))


class FoldedSearchMixin:
    """Search ignoring diacritics and case: "nguyen thi anh thi" finds "Nguyễn Thị Anh Thi"."""

    search_fields = ["search_text"]  # turns the search box on; the work is done below
    search_backend_name = None
    search_prefix = ""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for term in search_terms(self.search_query):
            condition = Q(**{f"{self.search_prefix}search_text__contains": term})
            if self.search_prefix:
                condition |= Q(reference__iexact=term)
            queryset = queryset.filter(condition)
        return queryset.distinct() if self.search_prefix else queryset


class RegistrationFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(queryset=Edition.objects.all(),
                                               label=_("edition"))
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(),
                                                label=_("category"))
    status = django_filters.MultipleChoiceFilter(choices=RegistrationStatus.choices,
                                                 label=_("status"))

    class Meta:
        model = Registration
        fields = ["edition", "category", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The apps built on registration add theirs (payments: paid; check-in: checked in).
        for extra in signals.collect(signals.desk_listing_filters):
            for name, filter_ in extra.items():
                filter_.model = Registration
                filter_.parent = self
                self.filters[name] = filter_


class RegistrationIndexView(SafeExportMixin, FoldedSearchMixin, IndexView):
    search_prefix = "attendees__"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category", "edition") \
            .prefetch_related("attendees")

    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets.button import Button

        return [
            *super().header_more_buttons,
            Button(_("Pending approval"), url=reverse("registration_desk_pending"),
                   icon_name="tasks"),
            Button(_("Counts per category"), url=reverse("registration_desk_counts"),
                   icon_name="table"),
        ]


def _people(registration) -> str:
    return ", ".join(a.full_name for a in registration.attendees.all())


def _organisations(registration) -> str:
    return ", ".join(sorted({a.organisation for a in registration.attendees.all()
                             if a.organisation}))


class DeskLinkColumn(TitleColumn):
    def get_link_url(self, instance, parent_context):
        return reverse("registration_desk_detail", kwargs={"pk": instance.pk})


class RegistrationViewSet(ModelViewSet):
    name = "registrations_admin"
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 10
    add_to_admin_menu = False
    url_prefix = "registration/registrations"
    index_view_class = RegistrationIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = RegistrationFilterSet
    list_per_page = 50
    list_display = [
        DeskLinkColumn("reference", label=_("reference")),
        Column("people", label=_("attendees"), accessor=_people),
        Column("organisations", label=_("organisation"), accessor=_organisations),
        "category", "status", "quantity",
        Column("amount_vnd", label=_("amount"), accessor=lambda r: vnd(r.amount_vnd)),
        "created_at",
    ]
    list_export = ["reference", "edition", "category", "status", "quantity", "amount_vnd",
                   "payment_method", "contact_email", "people", "organisations",
                   "consent_version", "consent_at", "created_at", "confirmed_at"]
    export_headings = {"people": _("attendees"), "organisations": _("organisation"),
                       "amount_vnd": _("amount (VND)")}
    export_filename = "registrations"
    form_fields = ["status"]


Registration.people = property(_people)
Registration.organisations = property(_organisations)


class AttendeeFilterSet(WagtailFilterSet):
    registration__edition = django_filters.ModelChoiceFilter(
        queryset=Edition.objects.all(), label=_("edition"))
    registration__category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("category"))
    registration__status = django_filters.MultipleChoiceFilter(
        choices=RegistrationStatus.choices, label=_("status"))
    language = django_filters.ChoiceFilter(choices=[("vi", "Tiếng Việt"), ("en", "English")],
                                           label=_("preferred language"))

    class Meta:
        model = Attendee
        fields = ["language"]


class AttendeeIndexView(SafeExportMixin, FoldedSearchMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related(
            "registration__category", "registration__edition"
        ).prefetch_related("badges", "registration__category__questions")


class AttendeeViewSet(ModelViewSet):
    name = "attendees_admin"
    model = Attendee
    icon = "user"
    menu_label = _("Attendees")
    url_prefix = "registration/attendees"
    index_view_class = AttendeeIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = AttendeeFilterSet
    list_per_page = 50
    list_display = ["full_name", "position", "organisation", "email", "phone",
                    Column("category", label=_("category"),
                           accessor=lambda a: a.registration.category),
                    Column("status", label=_("status"),
                           accessor=lambda a: a.registration.get_status_display())]
    list_export = ["full_name", "position", "organisation", "organisation_type", "province",
                   "email", "phone", "language",
                   "accessibility_needs", "registration.reference", "registration.category",
                   "registration.status", "badge_code", "answers"]
    export_headings = {"registration.reference": _("reference"),
                       "registration.category": _("category"),
                       "registration.status": _("status"), "badge_code": _("badge code"),
                       "answers": _("answers")}
    export_filename = "attendees"
    form_fields = ["full_name"]


Attendee.badge_code = property(
    lambda a: next((b.code for b in a.badges.all() if b.revoked_at is None), "")
)


class CategoryViewSet(ModelViewSet):
    name = "categories_admin"
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    url_prefix = "registration/categories"
    list_display = ["name", "name_en", "edition",
                    Column("price_vnd", label=_("price"), accessor=lambda c: vnd(c.price_vnd)),
                    "quota", "requires_approval", "requires_invitation"]
    list_filter = ["edition"]
    form_fields = ["edition", "code", "name", "name_en", "description", "description_en",
                   "price_vnd", "quota", "sale_starts_at", "sale_ends_at", "requires_approval",
                   "requires_invitation", "invitees_pay", "asks_press_card", "asks_photo",
                   "photo_on_badge", "badge_color", "role_label", "role_label_en",
                   "is_public", "sort_order"]
    copy_view_enabled = False


class QuestionViewSet(ModelViewSet):
    name = "questions_admin"
    model = Question
    icon = "help"
    menu_label = _("Questions")
    url_prefix = "registration/questions"
    list_display = ["label", "category", "kind", "required", "sort_order"]
    list_filter = ["category", "kind"]
    form_fields = ["category", "key", "label", "label_en", "kind", "choices", "choices_en",
                   "required", "sort_order"]
    copy_view_enabled = False


class InvitationCodeViewSet(ModelViewSet):
    name = "invitation_codes_admin"
    model = InvitationCode
    icon = "key"
    menu_label = _("Invitation codes")
    url_prefix = "registration/invitation-codes"
    list_display = ["code", "category", "max_uses", "used_count", "valid_until", "note"]
    list_filter = ["category"]
    form_fields = ["category", "code", "max_uses", "valid_until", "note"]
    copy_view_enabled = False


class SettingsViewSet(ModelViewSet):
    name = "registration_settings_admin"
    model = RegistrationSettings
    icon = "cog"
    menu_label = _("Registration settings")
    url_prefix = "registration/settings"
    list_display = ["edition", "is_open", "venue_capacity", "hold_minutes", "consent_version"]
    form_fields = ["edition", "is_open", "venue_capacity", "hold_minutes", "offer_hours",
                   "max_delegation_size", "attendee_cancel_refund", "retention_days",
                   "consent_version",
                   "consent_text", "consent_text_en"]
    copy_view_enabled = False


class WaitingListViewSet(ModelViewSet):
    name = "waiting_list_admin"
    model = WaitingListEntry
    icon = "time"
    menu_label = _("Waiting list")
    url_prefix = "registration/waiting-list"
    list_display = ["full_name", "email", "category", "status", "created_at",
                    "offer_expires_at"]
    list_filter = ["category", "status"]
    form_fields = ["full_name"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ApiKeyForm(WagtailAdminModelForm):
    """Issue: a name. Edit: rename, or revoke with a reason (a revoked key stays revoked)."""

    revoke = forms.BooleanField(label=_("Revoke this key"), required=False,
                                help_text=_("Its kiosk or site can no longer register anyone."))

    class Meta:
        model = ApiKey
        fields = ["name", "revoked_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.revoked_at is not None:
            del self.fields["revoke"]
        if self.instance.pk is None:
            del self.fields["revoked_reason"]


class ApiKeyCreateView(CreateView):
    def save_instance(self):
        from . import services

        instance, self.issued_key = services.issue_api_key(
            name=self.form.cleaned_data["name"], by=self.request.user)
        return instance

    def get_success_message(self, instance):
        return _("Key for “%(name)s”: %(key)s — copy it now, it is not shown again.") % {
            "name": instance.name, "key": self.issued_key}


class ApiKeyEditView(EditView):
    def save_instance(self):
        from . import services

        instance = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            instance = services.revoke_api_key(
                api_key=instance, by=self.request.user,
                reason=self.form.cleaned_data.get("revoked_reason") or "")
        return instance


class ApiKeyViewSet(ModelViewSet):
    """Keys for the JSON registration API, issued to kiosks and partner sites (like scanner
    devices): shown once, stored hashed, revocable."""

    name = "registration_api_keys_admin"
    model = ApiKey
    icon = "key"
    menu_label = _("Registration API keys")
    url_prefix = "registration/api-keys"
    list_display = ["name", "key_hint", "created_at", "last_used_at", "revoked_at"]
    form_class = ApiKeyForm
    add_view_class = ApiKeyCreateView
    edit_view_class = ApiKeyEditView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return ApiKeyForm


class RegistrationGroup(ViewSetGroup):
    menu_label = _("Registration")
    menu_icon = "group"
    menu_order = 250
    items = (RegistrationViewSet, AttendeeViewSet, CategoryViewSet, QuestionViewSet,
             InvitationCodeViewSet, WaitingListViewSet, SettingsViewSet, ApiKeyViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RegistrationGroup()


@hooks.register("register_admin_urls")
def register_desk_urls():
    return [path("registration-desk/", include([
        path("", admin_views.counts, name="registration_desk_counts"),
        path("pending/", admin_views.pending, name="registration_desk_pending"),
        path("<int:pk>/", admin_views.detail, name="registration_desk_detail"),
        path("documents/<int:pk>/", admin_views.document, name="registration_desk_document"),
        path("<int:pk>/<slug:action>/", admin_views.act, name="registration_desk_act"),
    ]))]


class CountsPanel(Component):
    name = "registration_counts"
    order = 50
    template_name = "registration/admin/counts_panel.html"

    def __init__(self, edition):
        self.edition = edition

    def get_context_data(self, parent_context):
        return {"edition": self.edition, "rows": category_counts(self.edition),
                "counts_url": reverse("registration_desk_counts")}


@hooks.register("construct_homepage_panels")
def add_counts_panel(request, panels):
    edition = Edition.current()
    if edition is not None and request.user.has_perm("registration.list_registrations"):
        panels.append(CountsPanel(edition))


@hooks.register("register_admin_menu_item")
def register_counts_menu_item():
    return PermissionMenuItem(_("Registration counts"), "registration_desk_counts",
                              permission="registration.list_registrations", icon_name="table",
                              order=251)
