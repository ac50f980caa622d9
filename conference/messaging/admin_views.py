"""Messages to delegates in the Wagtail admin: list, compose, preview with counts, send or
schedule, cancel, and the record of who got each message.

Views check the permission, call a service and render; every write is in ``services``.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.permissions import permission_required

from . import services
from .enums import BroadcastStatus
from .forms import BroadcastForm, ScheduleForm
from .models import Broadcast
from .segments import Recipient, segment_recipients

PERM = "messaging.send_messages"
LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))
SAMPLE_NAMES = {"vi": "Nguyễn Văn An", "en": "Nguyen Van An"}


def _edition(request):
    year = request.GET.get("edition", "")
    if year.isdigit():
        return Edition.objects.filter(year=int(year)).first() or Edition.current()
    return Edition.current()


@permission_required(PERM)
def index(request):
    edition = _edition(request)
    broadcasts = Broadcast.objects.filter(edition=edition).select_related("created_by") \
        if edition else Broadcast.objects.none()
    return TemplateResponse(request, "messaging/admin/index.html", {
        "header_title": _("Messages to delegates"), "edition": edition,
        "editions": Edition.objects.all(), "broadcasts": broadcasts,
    })


@permission_required(PERM)
def compose(request, pk: int | None = None):
    broadcast = get_object_or_404(Broadcast, pk=pk) if pk else None
    edition = broadcast.edition if broadcast else _edition(request)
    if edition is None:
        messages.error(request, _("Create an edition first."))
        return redirect("messaging_index")
    if broadcast is not None and broadcast.status != BroadcastStatus.DRAFT:
        return redirect("messaging_detail", pk=broadcast.pk)
    if request.method == "POST":
        form = BroadcastForm(request.POST, edition=edition)
        if form.is_valid():
            data = form.cleaned_data
            try:
                broadcast = services.save_broadcast(
                    edition=edition, by=request.user, broadcast=broadcast,
                    subject=data["subject"], body=data["body"], subject_en=data["subject_en"],
                    body_en=data["body_en"], segment=form.segment())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("messaging_detail", pk=broadcast.pk)
    else:
        form = BroadcastForm(edition=edition,
                             initial=BroadcastForm.initial_for(broadcast) if broadcast else None)
    return TemplateResponse(request, "messaging/admin/compose.html", {
        "header_title": _("Change the message") if broadcast else _("New message to delegates"),
        "form": form, "edition": edition, "broadcast": broadcast,
    }, status=400 if form.errors else 200)


def _previews(broadcast, recipients):
    previews = []
    for code, label in LANGUAGES:
        mine = [r for r in recipients if r.language == code]
        sample = mine[0] if mine else Recipient("", SAMPLE_NAMES[code], code)
        previews.append({"language": label, "code": code, "count": len(mine),
                         "sample_is_real": bool(mine), "sample": sample,
                         **services.render_for(broadcast, sample)})
    return previews


@permission_required(PERM)
def detail(request, pk: int):
    broadcast = get_object_or_404(Broadcast.objects.select_related("edition", "created_by"),
                                  pk=pk)
    context = {"header_title": broadcast.subject, "broadcast": broadcast,
               "schedule_form": ScheduleForm()}
    if broadcast.status in (BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED):
        recipients = segment_recipients(broadcast.edition, broadcast.segment)
        context.update(count=len(recipients), previews=_previews(broadcast, recipients))
    else:
        page = Paginator(broadcast.recipients.select_related("message").order_by("id"), 200) \
            .get_page(request.GET.get("p"))
        context.update(recipients=page, count=broadcast.recipient_count)
    return TemplateResponse(request, "messaging/admin/detail.html", context)


@require_POST
@permission_required(PERM)
def schedule(request, pk: int):
    broadcast = get_object_or_404(Broadcast, pk=pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("send_at", []):
            messages.error(request, error)
        return redirect("messaging_detail", pk=pk)
    try:
        broadcast = services.schedule_broadcast(broadcast=broadcast, by=request.user,
                                                send_at=form.cleaned_data["send_at"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if broadcast.status == BroadcastStatus.SCHEDULED and form.cleaned_data["send_at"]:
            messages.success(request, _("The message is scheduled."))
        else:
            messages.success(request, _("The message is being sent."))
    return redirect("messaging_detail", pk=pk)


@require_POST
@permission_required(PERM)
def cancel(request, pk: int):
    broadcast = get_object_or_404(Broadcast, pk=pk)
    try:
        services.cancel_broadcast(broadcast=broadcast, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The message is cancelled."))
    return redirect("messaging_detail", pk=pk)
