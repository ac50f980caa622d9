"""Staff pages in the Wagtail admin: the live dashboard, scanner devices and the desk on the day."""

import csv
import io

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.permissions import permission_required
from conference.common.text import spreadsheet_safe
from conference.registration import badges as badge_api
from conference.registration.models import Attendee, Badge

from . import services
from .forms import WalkInForm
from .models import Device, Scan
from .queries import arrivals, search_attendees


def _edition(request):
    editions = list(Edition.objects.order_by("-year"))
    chosen = request.GET.get("edition")
    for edition in editions:
        if chosen and str(edition.pk) == chosen:
            return edition, editions
    return Edition.current(), editions


# --- Dashboard -------------------------------------------------------------------------------


@permission_required("checkin.watch_arrivals")
def dashboard(request):
    edition, editions = _edition(request)
    return render(request, "checkin/admin/dashboard.html", {
        "edition": edition,
        "editions": editions,
        "data_url": reverse("checkin_admin:dashboard_data")
        + (f"?edition={edition.pk}" if edition else ""),
        "export_url": reverse("checkin_admin:export")
        + (f"?edition={edition.pk}" if edition else ""),
        "initial": arrivals(edition=edition) if edition else None,
        # For dashboard.js; gettext here, since a template's _() doubles the % of "%(time)s".
        "strings": {
            "noConflicts": _("No conflicts."),
            "updated": _("Updated %(time)s"),
            "offline": _("Cannot reach the server; retrying."),
            "total": _("All points"),
        },
    })


@permission_required("checkin.watch_arrivals")
def dashboard_data(request):
    edition, _editions = _edition(request)
    if edition is None:
        return JsonResponse({"code": "no_edition", "message": _("No edition yet.")}, status=404)
    response = JsonResponse(arrivals(edition=edition), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


EXPORT_HEADER = [
    gettext_lazy("Scanned at"), gettext_lazy("Check-in point"), gettext_lazy("Direction"),
    gettext_lazy("Result"), gettext_lazy("Reason"), gettext_lazy("Code"),
    gettext_lazy("Full name"), gettext_lazy("Organisation"), gettext_lazy("Category"),
    gettext_lazy("Device"), gettext_lazy("Staff member"), gettext_lazy("Read by"),
    gettext_lazy("Offline"), gettext_lazy("Conflict"), gettext_lazy("Undone"),
]


@permission_required("checkin.watch_arrivals")
def export(request):
    """Every scan of the edition as CSV (UTF-8 with BOM for Excel), formula-safe."""
    edition, _editions = _edition(request)
    rows = (
        Scan.objects.filter(point__edition=edition)
        .select_related("point", "attendee", "category", "device", "by")
        .order_by("scanned_at", "pk")
    )
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in EXPORT_HEADER])
    yes, no = _("yes"), _("no")
    for scan in rows.iterator(chunk_size=2000):
        writer.writerow([spreadsheet_safe(value) for value in (
            timezone.localtime(scan.scanned_at).strftime("%d/%m/%Y %H:%M:%S"),
            localized(scan.point, "name"),
            scan.get_direction_display(),
            scan.get_result_display(),
            scan.get_reason_display() if scan.reason else "",
            scan.code,
            scan.attendee.full_name if scan.attendee else "",
            scan.attendee.organisation if scan.attendee else "",
            localized(scan.category, "name") if scan.category else "",
            scan.device.name,
            scan.by.email if scan.by else "",
            scan.get_method_display(),
            yes if scan.offline else no,
            yes if scan.conflict_with_id else no,
            yes if scan.undone_at else no,
        )])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    year = edition.year if edition else "none"
    response["Content-Disposition"] = f'attachment; filename="checkin-{year}.csv"'
    return response


# --- Devices ---------------------------------------------------------------------------------


@permission_required("checkin.list_devices")
def devices(request):
    rows = (
        Device.objects.select_related("user")
        .annotate(scan_count=Count("scans"),
                  conflict_count=Count("scans", filter=Q(scans__conflict_with__isnull=False)))
        .order_by("revoked_at", "-created_at")
    )
    return render(request, "checkin/admin/devices.html", {"devices": rows})


@require_POST
@permission_required("checkin.revoke_devices")
def revoke_device(request, pk: int):
    device = get_object_or_404(Device, pk=pk)
    services.revoke_device(device=device, by=request.user,
                           reason=(request.POST.get("reason") or "").strip())
    messages.success(request, _("Scanner “%(name)s” revoked.") % {"name": device.name})
    return redirect("checkin_admin:devices")


# --- The desk --------------------------------------------------------------------------------


@permission_required("checkin.run_desk")
def desk(request):
    edition = Edition.current()
    query = (request.GET.get("q") or "").strip()[:100]
    results = search_attendees(edition=edition, query=query, limit=50) if edition and query else []
    form = WalkInForm(edition=edition, initial={"language": "vi"})
    if request.method == "POST":
        form = WalkInForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                attendee = services.register_walk_in(
                    edition=edition, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(name)s is registered; print the badge now.")
                                 % {"name": attendee.full_name})
                return redirect("checkin_admin:print_badge", pk=attendee.pk)
    return render(request, "checkin/admin/desk.html", {
        "edition": edition, "query": query, "results": results, "form": form,
    })


@require_POST
@permission_required("checkin.run_desk")
def reissue(request, pk: int):
    """A lost badge: issue a new code (the old one is refused from now on) and print it."""
    attendee = get_object_or_404(Attendee, pk=pk)
    reason = (request.POST.get("reason") or "").strip() or _("Lost badge, reissued at the desk")
    badge_api.issue_badge(attendee=attendee, by=request.user, reason=reason, device="desk")
    messages.success(request, _("New badge issued for %(name)s; the old code is revoked.")
                     % {"name": attendee.full_name})
    return redirect("checkin_admin:print_badge", pk=attendee.pk)


@permission_required("checkin.run_desk")
def print_badge(request, pk: int):
    """A printable badge (card size), printed from the browser at once."""
    attendee = get_object_or_404(
        Attendee.objects.select_related("registration__category", "registration__edition"), pk=pk
    )
    badge = badge_api.active_badge(attendee)
    if badge is None:
        badge = badge_api.issue_badge(attendee=attendee, by=request.user, device="desk")
    # The badges app's print-ready PDF and PNG of the same badge.
    links = {
        "badge_pdf": reverse("badges_admin:attendee_file", args=[attendee.pk, "pdf"]),
        "badge_cr80": reverse("badges_admin:attendee_file", args=[attendee.pk, "pdf"])
        + "?size=cr80",
        "badge_png": reverse("badges_admin:attendee_file", args=[attendee.pk, "png"]),
    }
    return render(request, "checkin/admin/print_badge.html", {
        "attendee": attendee,
        "badge": badge,
        "category": attendee.registration.category,
        "qr_url": reverse("checkin_admin:badge_qr", args=[badge.pk]),
        "links": links,
    })


@permission_required("checkin.run_desk")
def badge_qr(request, pk: int):
    badge = get_object_or_404(Badge, pk=pk)
    response = HttpResponse(badge_api.badge_qr_png(badge.code), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
