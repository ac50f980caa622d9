"""Filters of the outbox, the flagged addresses and the audit log in the admin (shared by the
listings and by the resend page, which acts on what the listing shows)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .enums import OutboxStatus, SuppressionReason
from .models import AuditEntry, EmailSuppression, OutboxMessage


def _distinct_choices(model, field: str):
    def choices():
        values = model.objects.exclude(**{field: ""}).order_by(field).values_list(
            field, flat=True).distinct()
        return [(value, value) for value in values]
    return choices


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=OutboxStatus.choices, label=_("status"), widget=forms.CheckboxSelectMultiple)
    template = django_filters.ChoiceFilter(
        choices=_distinct_choices(OutboxMessage, "template"), label=_("template"))
    language = django_filters.ChoiceFilter(
        choices=[("vi", "Tiếng Việt"), ("en", "English")], label=_("language"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("created"), widget=DateRangePickerWidget)

    class Meta:
        model = OutboxMessage
        fields = ["status", "template", "language", "created_at"]


def filtered_outbox(request):
    """The outbox as the index view shows it for these GET parameters (filters and search)."""
    queryset = OutboxFilterSet(request.GET, OutboxMessage.objects.all(), request=request).qs
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(Q(to__icontains=query) | Q(subject__icontains=query))
    return queryset


class FlagFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(field_name="cleared_at", lookup_expr="isnull",
                                          label=pgettext_lazy("address flag", "active"))
    reason = django_filters.ChoiceFilter(choices=SuppressionReason.choices, label=_("reason"))

    class Meta:
        model = EmailSuppression
        fields = ["active", "reason"]


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(choices=_distinct_choices(AuditEntry, "action"),
                                         label=_("action"), widget=forms.Select)
    object_type = django_filters.ChoiceFilter(
        choices=_distinct_choices(AuditEntry, "object_type"), label=_("object type"),
        widget=forms.Select)
    actor = django_filters.CharFilter(field_name="actor__email", lookup_expr="icontains",
                                      label=_("by (email)"))
    device = django_filters.CharFilter(lookup_expr="icontains", label=_("device"))
    object_id = django_filters.CharFilter(label=_("object id"))
    created_at = django_filters.DateFromToRangeFilter(label=_("time"),
                                                      widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = ["action", "object_type", "object_id", "actor", "device", "created_at"]
