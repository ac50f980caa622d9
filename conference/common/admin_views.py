"""Outbox actions in the Wagtail admin: resend messages, clear a flagged address.

Each page is a confirmation (GET) followed by the action (POST) through a service.
"""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from . import services
from .admin_filters import filtered_outbox
from .enums import OutboxStatus
from .models import EmailSuppression, OutboxMessage
from .permissions import permission_required
from .ratelimit import client_ip


def client_address(request) -> str | None:
    return client_ip(request) or None


_UNDELIVERED = [OutboxStatus.FAILED, OutboxStatus.BOUNCED, OutboxStatus.COMPLAINED,
                OutboxStatus.SUPPRESSED]


def _selection(request):
    """The messages the page acts on: the ids chosen in the listing (any state but queued), or
    else every undelivered message matching the listing's filters."""
    ids = [int(value) for value in request.GET.getlist("id") if value.isdigit()]
    if ids:
        return OutboxMessage.objects.filter(pk__in=ids, status__in=services.RESENDABLE), True
    return filtered_outbox(request).filter(status__in=_UNDELIVERED), False


@permission_required("common.resend_email")
def resend(request):
    messages_qs, chosen = _selection(request)
    if request.method == "POST":
        count = services.resend_messages(
            message_ids=list(messages_qs.values_list("pk", flat=True)[:5000]),
            by=request.user, ip_address=client_address(request))
        messages.success(request, _("Emails queued again: %(n)s.") % {"n": count})
        return redirect("outbox:index")
    return TemplateResponse(request, "common/admin/resend.html", {
        "header_title": _("Resend emails"),
        "count": messages_qs.count(),
        "sample": messages_qs.order_by("-created_at")[:20],
        "chosen": chosen,
        "action": request.get_full_path(),
        "cancel_url": reverse("outbox:index"),
    })


@permission_required("common.clear_address_flag")
def clear_flag(request, pk: int):
    flag = get_object_or_404(EmailSuppression, pk=pk)
    if request.method == "POST":
        if services.clear_address_flag(flag=flag, by=request.user,
                                       ip_address=client_address(request)):
            messages.success(request, _("Sending to %(email)s has resumed.")
                             % {"email": flag.email})
        return redirect("email_flags:index")
    held = OutboxMessage.objects.filter(to__iexact=flag.email, status=OutboxStatus.SUPPRESSED)
    return TemplateResponse(request, "common/admin/clear_flag.html", {
        "header_title": _("Clear the flag on %(email)s") % {"email": flag.email},
        "flag": flag,
        "held_count": held.count(),
        "held_url": reverse("outbox:index") + "?status=suppressed&q=" + flag.email,
        "cancel_url": reverse("email_flags:index"),
    })
