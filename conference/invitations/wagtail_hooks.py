"""Invitations in the Wagtail admin: the list (filters, folded search, safe export), making one
through the service (its seats are reserved at once), an invitation's page with its actions,
counts per category and organisation, and the XLSX import."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.models import Edition
from conference.common.admin_menu import PermissionMenuItem
from conference.common.exceptions import DomainError
from conference.common.text import search_terms, spreadsheet_safe
from conference.registration.models import Category

from . import admin_views
from .enums import InvitationKind, InvitationStatus
from .models import Invitation, LetterTemplate
from .services import create_invitation

CREATE_FIELDS = ["category", "kind", "honorific", "full_name", "position", "organisation",
                 "email", "phone", "language", "seats", "deadline", "note"]
#: What may change after the invitation is made (seats, category and deadline have their
#: own actions: they move seats).
EDIT_FIELDS = ["honorific", "full_name", "position", "organisation", "email", "phone",
               "language", "note"]


class InvitationFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(queryset=Edition.objects.all(),
                                               label=_("edition"))
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(),
                                                label=_("category"))
    status = django_filters.MultipleChoiceFilter(choices=InvitationStatus.choices,
                                                 label=_("status"))
    kind = django_filters.ChoiceFilter(choices=InvitationKind.choices, label=_("invited"))
    organisation = django_filters.CharFilter(label=_("organisation"),
                                             lookup_expr="icontains")

    class Meta:
        model = Invitation
        fields = ["edition", "category", "status", "kind", "organisation"]


class InvitationIndexView(IndexView):
    search_fields = ["search_text"]
    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for term in search_terms(self.search_query):
            queryset = queryset.filter(Q(search_text__contains=term) | Q(public_id=term))
        return queryset

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category", "edition",
                                                          "reservation")

    def get(self, request, *args, **kwargs):
        if getattr(self, "is_export", False) and not request.user.has_perm(
                "invitations.export_invitations"):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    @property
    def show_export_buttons(self):
        return super().show_export_buttons and self.request.user.has_perm(
            "invitations.export_invitations")

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))

    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets.button import Button

        buttons = [*super().header_more_buttons,
                   Button(_("Counts per category and organisation"),
                          url=reverse("invitations_counts"), icon_name="table")]
        buttons.append(Button(_("Letters (giấy mời)"),
                              url=reverse("invitations_letter_batches"), icon_name="doc-full"))
        if self.request.user.has_perm("invitations.manage_invitations"):
            buttons.append(Button(_("Import from XLSX"), url=reverse("invitations_import"),
                                  icon_name="upload"))
        return buttons


class InvitationAdminForm(WagtailAdminModelForm):
    send = forms.BooleanField(label=_("Send it by email now"), required=False)


class InvitationCreateView(CreateView):
    """Makes the invitation through ``create_invitation``: its seats are reserved at once, and
    a full category or venue is a clear error on the form, not a half-made invitation."""

    def form_valid(self, form):
        self.form = form
        data = {k: form.cleaned_data.get(k) for k in CREATE_FIELDS}
        data["seats"] = data["seats"] or 1
        try:
            self.object = create_invitation(by=self.request.user,
                                            send=form.cleaned_data.get("send", False), **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            self.produced_error_message = exc.message
            return self.form_invalid(form)
        messages.success(self.request, _("Invitation made; its seats are held."))
        return redirect("invitations_detail", pk=self.object.pk)


class AddresseeColumn(TitleColumn):
    def get_link_url(self, instance, parent_context):
        return reverse("invitations_detail", kwargs={"pk": instance.pk})


class InvitationViewSet(ModelViewSet):
    name = "invitations_admin"
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    url_prefix = "invitations"
    index_view_class = InvitationIndexView
    add_view_class = InvitationCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    filterset_class = InvitationFilterSet
    list_per_page = 50
    list_display = [
        AddresseeColumn("addressee", label=_("addressee")),
        "full_name", "organisation", "category", "seats", "status",
        Column("deadline", label=_("answer by")), "sent_at",
    ]
    list_export = ["public_id", "edition", "category", "kind", "status", "honorific",
                   "full_name", "position", "organisation", "email", "phone", "language",
                   "seats", "seats_registered", "deadline", "sent_at", "opened_at",
                   "answered_at", "substitute_name", "decline_reason", "letter_number", "note"]
    export_headings = {"seats_registered": _("seats registered")}
    export_filename = "invitations"
    form_fields = CREATE_FIELDS

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model, form=WagtailAdminModelForm if for_update else InvitationAdminForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=EDIT_FIELDS if for_update else CREATE_FIELDS,
        )


Invitation.seats_registered = property(
    lambda i: i.reservation.used if i.reservation_id else 0)


class LetterTemplateViewSet(ModelViewSet):
    """The letter of each edition: issuing body, signer, body text with placeholders. The
    number counter is not edited here (numbering without gaps belongs to the service)."""

    name = "invitation_letter_templates"
    model = LetterTemplate
    icon = "doc-full"
    menu_label = _("Letter templates")
    url_prefix = "invitations/letter-templates"
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["edition", "issuing_body", "signer_name", "next_number"]
    form_fields = ["edition", "parent_body", "parent_body_en", "issuing_body", "issuing_body_en",
                   "number_suffix", "place", "place_en", "subject", "subject_en", "body",
                   "body_en", "signer_authority", "signer_authority_en", "signer_title",
                   "signer_title_en", "signer_name", "recipients", "recipients_en"]


class InvitationGroup(ViewSetGroup):
    menu_label = _("Invitations")
    menu_icon = "mail"
    menu_order = 260
    items = (InvitationViewSet, LetterTemplateViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return InvitationGroup()


@hooks.register("register_admin_urls")
def register_urls():
    return [path("invitations-desk/", include([
        path("counts/", admin_views.counts, name="invitations_counts"),
        path("import/", admin_views.import_view, name="invitations_import"),
        path("send-drafts/", admin_views.send_drafts, name="invitations_send_drafts"),
        path("letters/", admin_views.letter_batches, name="invitations_letter_batches"),
        path("letters/<int:pk>.pdf", admin_views.letter_batch_file,
             name="invitations_letter_batch_file"),
        path("<int:pk>/letter.pdf", admin_views.letter, name="invitations_letter"),
        path("<int:pk>/", admin_views.detail, name="invitations_detail"),
        path("<int:pk>/<slug:action>/", admin_views.act, name="invitations_act"),
    ]))]


@hooks.register("register_admin_menu_item")
def register_counts_menu_item():
    return PermissionMenuItem(_("Invitation counts"), "invitations_counts",
                              permission="invitations.list_invitations", icon_name="table",
                              order=261)


