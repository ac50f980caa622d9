"""Badge tools for the registration desk in the Wagtail admin.

Find an attendee and print, reprint or reissue their badge; mark badges printed; print batches
of thousands (rendered by a background task, with a progress bar) and download them.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Edition
from conference.common.models import AuditEntry
from conference.common.permissions import permission_required
from conference.common.progress import private_download, progress_page, progress_status
from conference.common.ratelimit import client_ip
from conference.common.text import search_terms

from ..enums import BadgeBatchStatus, BadgeSize, RegistrationStatus
from ..models import Attendee, Badge, BadgeBatch, Category
from .codes import active_badge
from .forms import BatchForm, ReissueForm
from .images import badge_png
from .pdf import SIZES, badge_pdf
from .services import (
    BadgeError,
    mark_badges_printed,
    reissue_badge,
    retry_badge_batch,
    start_badge_batch,
)

VIEW_BADGE = "registration.find_badges"
CHANGE_BADGE = "registration.reissue_badges"
ADD_BATCH = "registration.print_badge_batches"
VIEW_BATCH = "registration.list_badge_batches"
PER_PAGE = 50


def _device(request) -> str:
    return f"admin · {client_ip(request)}"


def _edition():
    edition = Edition.current()
    if edition is None:
        raise Http404
    return edition


# --- Attendees -----------------------------------------------------------------------------------


@permission_required(VIEW_BADGE)
def attendee_index(request):
    """Confirmed attendees of the current edition with their badge state; search without accents."""
    edition = _edition()
    attendees = (
        Attendee.objects.filter(
            registration__edition=edition, registration__status=RegistrationStatus.CONFIRMED
        )
        .select_related("registration__category")
        .prefetch_related(
            Prefetch("badges", queryset=Badge.objects.filter(revoked_at__isnull=True),
                     to_attr="active_badges")
        )
        .order_by("full_name", "pk")
    )
    query = request.GET.get("q", "")
    for term in search_terms(query):
        attendees = attendees.filter(search_text__contains=term)
    categories = Category.objects.filter(edition=edition)
    category_id = request.GET.get("category", "")
    if category_id.isdigit():
        attendees = attendees.filter(registration__category_id=int(category_id))
    printed = request.GET.get("printed", "")
    printed_badge = Badge.objects.filter(
        attendee=OuterRef("pk"), revoked_at__isnull=True, printed_at__isnull=False
    )
    if printed == "no":
        attendees = attendees.exclude(Exists(printed_badge))
    elif printed == "yes":
        attendees = attendees.filter(Exists(printed_badge))
    page = Paginator(attendees, PER_PAGE).get_page(request.GET.get("p"))
    return render(request, "registration/badges/admin/attendee_index.html", {
        "page_obj": page,
        "query": query,
        "categories": categories,
        "category_id": category_id,
        "printed": printed,
        "edition": edition,
    })


def _attendee(attendee_id: int) -> Attendee:
    return get_object_or_404(
        Attendee.objects.select_related("registration__category", "registration__edition"),
        pk=attendee_id,
    )


@permission_required(VIEW_BADGE)
def attendee_badge(request, attendee_id: int):
    attendee = _attendee(attendee_id)
    badges = list(attendee.badges.order_by("-issued_at", "-pk"))
    audit = AuditEntry.objects.filter(
        object_type="registration.badge", object_id__in=[str(b.pk) for b in badges]
    ).select_related("actor")[:50]
    return render(request, "registration/badges/admin/attendee_badge.html", {
        "attendee": attendee,
        "badge": next((b for b in badges if b.revoked_at is None), None),
        "history": badges,
        "audit": audit,
        "reissue_form": ReissueForm(),
        "sizes": BadgeSize.choices,
        "confirmed": attendee.registration.status == RegistrationStatus.CONFIRMED,
    })


@permission_required(VIEW_BADGE)
def attendee_badge_file(request, attendee_id: int, fmt: str):
    attendee = _attendee(attendee_id)
    badge = active_badge(attendee)
    # A cancelled (or not yet confirmed) registration has no badge to print.
    if badge is None or attendee.registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    badge = Badge.objects.select_related(
        "attendee__registration__category", "attendee__registration__edition"
    ).get(pk=badge.pk)
    if fmt == "pdf":
        size = request.GET.get("size", "a6")
        body = badge_pdf(badge, size=size if size in SIZES else "a6")
        return _inline_file(body, "application/pdf", f"badge-{attendee.pk}.pdf")
    return _inline_file(badge_png(badge), "image/png", f"badge-{attendee.pk}.png")


def _inline_file(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required(CHANGE_BADGE)
def attendee_reissue(request, attendee_id: int):
    attendee = _attendee(attendee_id)
    form = ReissueForm(request.POST)
    if form.is_valid():
        try:
            badge = reissue_badge(
                attendee=attendee, by=request.user, reason=form.cleaned_data["reason"],
                device=_device(request), notify=form.cleaned_data["notify"],
            )
        except BadgeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("New badge issued: %(code)s. The old code is revoked.")
                             % {"code": badge.code})
    else:
        messages.error(request, _("Say why the badge is reissued (for example: lost)."))
    return redirect("badges_admin:attendee", attendee_id=attendee.pk)


@require_POST
@permission_required(CHANGE_BADGE)
def attendee_mark_printed(request, attendee_id: int):
    attendee = _attendee(attendee_id)
    badge = active_badge(attendee)
    if badge is None or attendee.registration.status != RegistrationStatus.CONFIRMED:
        messages.error(request, _("This attendee has no badge."))
    else:
        mark_badges_printed(badge_ids=[badge.pk], by=request.user, device=_device(request))
        messages.success(request, _("Badge marked as printed."))
    return redirect("badges_admin:attendee", attendee_id=attendee.pk)


# --- Batches -------------------------------------------------------------------------------------


@permission_required(VIEW_BATCH)
def batch_index(request):
    edition = _edition()
    form = BatchForm(request.POST or None, edition=edition)
    if request.method == "POST":
        if not request.user.has_perm(ADD_BATCH):
            raise Http404
        if form.is_valid():
            try:
                batch = start_badge_batch(
                    edition=edition, by=request.user, **form.cleaned_data
                )
            except BadgeError as error:
                form.add_error(None, error.message)
            else:
                return redirect("badges_admin:batch", batch_id=batch.pk)
    batches = BadgeBatch.objects.filter(edition=edition).select_related(
        "category", "created_by"
    )[:50]
    return render(request, "registration/badges/admin/batch_index.html", {
        "form": form, "batches": batches, "edition": edition,
    })


@permission_required(VIEW_BATCH)
def batch_detail(request, batch_id: int):
    batch = get_object_or_404(BadgeBatch.objects.select_related("category", "created_by"),
                              pk=batch_id)
    return progress_page(request, "registration/badges/admin/batch_detail.html", task=batch,
                         status_url=reverse("badges_admin:batch_status", args=[batch.pk]))


@permission_required(VIEW_BATCH)
def batch_status(request, batch_id: int):
    batch = BadgeBatch.objects.filter(pk=batch_id).first()
    return progress_status(batch, not_found=_("No such batch."), counts=("total", "done"),
                           download="badges_admin:batch_download", needs_file=False,
                           # A worker that died leaves the batch "running": the page then
                           # offers to retry it.
                           flags=("can_retry",))


@permission_required(VIEW_BATCH)
def batch_download(request, batch_id: int):
    batch = get_object_or_404(BadgeBatch, pk=batch_id, status=BadgeBatchStatus.DONE)
    return private_download(batch.file, "application/pdf")


@require_POST
@permission_required(ADD_BATCH)
def batch_retry(request, batch_id: int):
    """Draw a failed batch, or one whose worker died, again."""
    batch = get_object_or_404(BadgeBatch, pk=batch_id)
    try:
        retry_badge_batch(batch=batch, by=request.user, device=_device(request))
    except BadgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The batch is queued to be drawn again."))
    return redirect("badges_admin:batch", batch_id=batch.pk)


@require_POST
@permission_required(CHANGE_BADGE)
def batch_mark_printed(request, batch_id: int):
    batch = get_object_or_404(BadgeBatch, pk=batch_id, status=BadgeBatchStatus.DONE)
    count = mark_badges_printed(
        badge_ids=list(batch.badges.values_list("pk", flat=True)), by=request.user,
        device=_device(request),
        batch=batch,
    )
    messages.success(request, _("%(count)s badges marked as printed.") % {"count": count})
    return redirect("badges_admin:batch", batch_id=batch.pk)
