"""Staff pages of seating in the Wagtail admin: the plans, the seating screen (a grid of the
hall: pick a person, click a seat), and the charts and place cards as PDF."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Edition
from conference.common.permissions import permission_required
from conference.registration.models import Attendee

from . import pdf, services
from .exceptions import SeatingError
from .forms import PrintForm, ReserveForm
from .models import Seat, SeatingPlan, seat_label
from .queries import people_for, plan_grid
from .services.rules import describe_result


@permission_required("seating.see_seating")
def plans(request):
    edition = Edition.current()
    found = (SeatingPlan.objects.filter(edition=edition)
             .annotate(seat_count=Count("seats", distinct=True),
                       seated=Count("assignments", distinct=True))
             .select_related("room") if edition else SeatingPlan.objects.none())
    return render(request, "seating/admin/plans.html", {"plans": found, "edition": edition})


def _plan(pk) -> SeatingPlan:
    return get_object_or_404(SeatingPlan.objects.select_related("edition", "room"), pk=pk)


def _back(plan, **params):
    url = reverse("seating_admin:screen", args=[plan.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    return redirect(f"{url}?{query}" if query else url)


@permission_required("seating.see_seating")
def screen(request, pk):
    plan = _plan(pk)
    grid, holders = plan_grid(plan)
    query = request.GET.get("q", "")
    people = people_for(plan, query=query)
    selected_seat = None
    seat_pk = request.GET.get("seat", "")
    if seat_pk.isdigit():
        selected_seat = Seat.objects.filter(plan=plan, pk=int(seat_pk)).select_related(
            "section", "block").first()
    chosen = request.GET.get("person", "")
    return render(request, "seating/admin/screen.html", {
        "plan": plan,
        "grid": grid,
        "people": people,
        "query": query,
        "chosen": int(chosen) if chosen.isdigit() else None,
        "seat": selected_seat,
        "seat_label": seat_label(selected_seat, with_section=True) if selected_seat else "",
        "holder": holders.get(selected_seat.pk) if selected_seat else None,
        "reserve_form": ReserveForm(plan=plan, initial={
            "block": selected_seat.block_id if selected_seat else None}),
        "seated": len(holders),
        "seat_count": sum(len(row["seats"]) for section in grid for row in section["rows"]),
        "blocks": list(plan.blocks.all()),
        "can_arrange": request.user.has_perm("seating.arrange_seats"),
    })


def _say(request, error: SeatingError):
    messages.error(request, error.message)


@require_POST
@permission_required("seating.arrange_seats")
def assign(request, pk):
    """The grid's form: a seat button was pressed, with (or without) a person chosen."""
    plan = _plan(pk)
    seat = Seat.objects.filter(plan=plan, pk=request.POST.get("seat") or 0).first()
    person_pk = request.POST.get("attendee", "")
    if seat is None:
        messages.error(request, _("Choose a seat on the plan."))
        return _back(plan)
    if not person_pk.isdigit():
        return _back(plan, seat=seat.pk)  # no one chosen: show the seat
    person = Attendee.objects.select_related("registration").filter(
        pk=int(person_pk), registration__edition_id=plan.edition_id).first()
    if person is None:
        messages.error(request, _("Choose a person from the list."))
        return _back(plan)
    try:
        services.move_attendee(plan=plan, attendee=person, seat=seat, by=request.user,
                               swap=request.POST.get("swap") == "1")
    except SeatingError as error:
        _say(request, error)
        return _back(plan, seat=seat.pk, person=person.pk)
    messages.success(request, _("%(name)s: %(seat)s.") % {
        "name": person.full_name, "seat": seat_label(seat, with_section=True)})
    return _back(plan, seat=seat.pk)


@require_POST
@permission_required("seating.arrange_seats")
def free(request, pk, seat_pk):
    plan = _plan(pk)
    seat = get_object_or_404(Seat, plan=plan, pk=seat_pk)
    try:
        if services.free_seat(plan=plan, seat=seat, by=request.user):
            messages.success(request, _("%(seat)s is free.") % {"seat": seat_label(seat)})
    except SeatingError as error:
        _say(request, error)
    return _back(plan, seat=seat.pk)


@require_POST
@permission_required("seating.arrange_seats")
def reserve(request, pk, seat_pk):
    plan = _plan(pk)
    seat = get_object_or_404(Seat, plan=plan, pk=seat_pk)
    form = ReserveForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Choose one of this plan's blocks."))
        return _back(plan, seat=seat.pk)
    ids = [seat.pk]
    if form.cleaned_data["whole_row"]:
        ids = list(Seat.objects.filter(section=seat.section, row=seat.row)
                   .values_list("pk", flat=True))
    try:
        count = services.reserve_seats(plan=plan, seat_ids=ids, block=form.cleaned_data["block"],
                                       by=request.user)
        messages.success(request, _("%(count)s seats changed.") % {"count": count})
    except SeatingError as error:
        _say(request, error)
    return _back(plan, seat=seat.pk)


@require_POST
@permission_required("seating.arrange_seats")
def by_rules(request, pk):
    plan = _plan(pk)
    try:
        messages.success(request, describe_result(services.assign_by_rules(plan=plan,
                                                                           by=request.user)))
    except SeatingError as error:
        _say(request, error)
    return _back(plan)


@require_POST
@permission_required("seating.arrange_seats")
def lock(request, pk):
    plan = _plan(pk)
    try:
        if request.POST.get("unlock"):
            services.unlock_plan(plan=plan, by=request.user)
            messages.success(request, _("The plan is unlocked."))
        else:
            services.lock_plan(plan=plan, by=request.user)
            messages.success(request, _("The plan is locked: seats cannot change."))
    except SeatingError as error:
        _say(request, error)
    return _back(plan)


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("seating.see_seating")
def chart_pdf(request, pk):
    plan = _plan(pk)
    form = PrintForm(request.GET)
    size = form.cleaned_data["size"] if form.is_valid() and form.cleaned_data["size"] else "a3"
    return _pdf(pdf.seating_chart(plan, size=size), f"seating-{plan.pk}-{size}.pdf")


@permission_required("seating.see_seating")
def place_cards_pdf(request, pk):
    plan = _plan(pk)
    return _pdf(pdf.place_cards(plan, everyone=request.GET.get("all") == "1"),
                f"place-cards-{plan.pk}.pdf")
