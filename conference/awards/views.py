"""Pages of the award: nominating, the nominee's consent, judging, the secretariat's desk,
the public vote and certificate verification. Views are thin: every write is a service."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.pagecache import public_page
from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.permissions import permission_required
from conference.common.ratelimit import client_ip
from conference.common.text import spreadsheet_safe

from . import queries, services
from .certificates import certificate_pdf
from .enums import ConsentState, NominationStatus
from .forms import (
    CertificateLookupForm,
    DeclarationForm,
    EvidenceForm,
    KeyFigureFormSet,
    NominationForm,
    ScoreForm,
    StartForm,
    StatusForm,
    SubmitForm,
)
from .models import (
    AwardCategory,
    AwardCycle,
    Criterion,
    EvidenceFile,
    JudgeAssignment,
    JudgeDeclaration,
    Nomination,
)
from .signals import find_document

S = NominationStatus


def _language(request) -> str:
    return (translation.get_language() or "vi")[:2]


@public_page
def index(request):
    cycle = AwardCycle.current()
    context = {"cycle": cycle}
    if cycle is not None:
        categories = list(
            cycle.categories.prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order", "pk"))
            )
        )
        context["categories"] = categories
        user = request.user
        if user.is_authenticated:
            context["my_nominations"] = list(
                Nomination.objects.filter(cycle=cycle, nominator=user).select_related("category")
                .order_by("-created_at")
            )
            context["my_votes"] = set(
                user.award_votes.filter(category__cycle=cycle).values_list("category_id",
                                                                           flat=True)
            )
        if cycle.voting_is_open():
            context["vote_candidates"] = list(
                Nomination.objects.filter(
                    cycle=cycle, status__in=services.VOTABLE, consent_state=ConsentState.GIVEN,
                    category__public_vote_enabled=True,
                ).select_related("category").order_by("category__sort_order", "nominee_name")
            )
        context["laureates"] = queries.published_laureates(cycle)
    return render(request, "awards/index.html", context)


@login_required
def nominate(request, category_id: int):
    category = get_object_or_404(AwardCategory.objects.select_related("cycle"), pk=category_id)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.create_nomination(
                cycle=category.cycle, category=category, nominator=request.user,
                kind=form.cleaned_data["kind"], language=_language(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your draft is saved. You can finish it later."))
            return redirect("awards:nomination_edit", pk=nomination.pk)
    return render(request, "awards/nominate.html", {"category": category, "cycle": category.cycle,
                                                    "form": form})


def _own_nomination(request, pk: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle__edition", "category", "nominator"), pk=pk
    )
    if nomination.nominator_id != request.user.pk:
        raise Http404
    return nomination


@login_required
def nomination_edit(request, pk: int):
    """The draft form: details, key figures, one evidence upload; save or submit."""
    nomination = _own_nomination(request, pk)
    if nomination.is_locked:
        return redirect("awards:nomination", pk=pk)
    figures = [{"label": f.label, "value": f.value} for f in nomination.key_figures.all()]
    figures += [{"label": "", "value": ""}] * max(0, 5 - len(figures))
    if request.method == "POST":
        form = NominationForm(request.POST, instance=Nomination.objects.get(pk=pk))
        formset = KeyFigureFormSet(request.POST, prefix="figures")
        evidence_form = EvidenceForm(request.POST, request.FILES)
        submit_form = SubmitForm(request.POST)
        valid = all(f.is_valid() for f in (form, formset, evidence_form, submit_form))
        if valid:
            created: list[EvidenceFile] = []
            try:
                # One user action, one transaction: a refused file or an incomplete submission
                # leaves the draft exactly as it was.
                with transaction.atomic():
                    services.update_nomination(
                        nomination=nomination, by=request.user,
                        data={k: form.cleaned_data[k] for k in form.cleaned_data},
                        key_figures=[(f.get("label", ""), f.get("value", ""))
                                     for f in formset.cleaned_data],
                    )
                    upload = evidence_form.cleaned_data.get("file")
                    if upload:
                        created.append(services.add_evidence(nomination=nomination,
                                                             by=request.user, upload=upload))
                    if "submit" in request.POST:
                        services.submit_nomination(
                            nomination=nomination, by=request.user,
                            eligibility_confirmed=submit_form.cleaned_data[
                                "eligibility_confirmed"],
                            self_consent=submit_form.cleaned_data["self_consent"],
                        )
            except DomainError as exc:
                for evidence in created:
                    evidence.file.storage.delete(evidence.file.name)
                target = evidence_form if exc.code.startswith("file") else form
                target.add_error("file" if target is evidence_form else None, exc.message)
            else:
                if "submit" in request.POST:
                    messages.success(request, _("Your nomination is submitted. Thank you!"))
                    return redirect("awards:nomination", pk=pk)
                messages.success(request, _("Draft saved."))
                return redirect("awards:nomination_edit", pk=pk)
    else:
        form = NominationForm(instance=nomination)
        formset = KeyFigureFormSet(initial=figures, prefix="figures")
        evidence_form = EvidenceForm()
        submit_form = SubmitForm()
    return render(request, "awards/nomination_form.html", {
        "nomination": nomination, "cycle": nomination.cycle, "category": nomination.category,
        "form": form, "formset": formset, "evidence_form": evidence_form,
        "submit_form": submit_form, "evidence": list(nomination.evidence.all()),
        "missing": services.missing_for_submission(nomination),
    })


@login_required
def nomination_detail(request, pk: int):
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle__edition", "category", "nominator"), pk=pk
    )
    if not request.user.has_perm("awards.read_nomination", nomination):
        raise Http404
    if request.user.has_perm("awards.manage_awards") and (
        nomination.nominator_id != request.user.pk
    ):
        return redirect("awards:secretariat_nomination", pk=pk)
    return render(request, "awards/nomination_detail.html", {
        "nomination": nomination, "cycle": nomination.cycle,
        "evidence": list(nomination.evidence.all()),
        "figures": list(nomination.key_figures.all()),
        "certificate": getattr(nomination, "certificate", None),
    })


@login_required
def evidence_download(request, pk: int, evidence_id: int):
    """Evidence is private: the nominator, the assigned judges and the secretariat only."""
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("nomination"), pk=evidence_id, nomination_id=pk
    )
    if not request.user.has_perm("awards.read_nomination", evidence.nomination):
        raise Http404
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type,
                            as_attachment=evidence.content_type == "application/pdf",
                            filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request, pk: int, evidence_id: int):
    nomination = _own_nomination(request, pk)
    evidence = get_object_or_404(EvidenceFile, pk=evidence_id, nomination=nomination)
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("File removed."))
    return redirect("awards:nomination_edit", pk=pk)


def consent(request, token: str):
    """The nominee's page behind the signed link in their email: consent or decline."""
    try:
        nomination = services.nomination_for_consent(token)
    except DomainError as exc:
        return render(request, "awards/consent.html", {"error": exc.message}, status=exc.status)
    if request.method == "POST":
        given = request.POST.get("answer") == "yes"
        try:
            nomination = services.record_nominee_consent(token=token, given=given,
                                                         ip_address=client_ip(request) or None)
        except DomainError as exc:
            return render(request, "awards/consent.html", {"error": exc.message},
                          status=exc.status)
        messages.success(request, _("Thank you, your answer is recorded."))
        return redirect("awards:consent", token=token)
    return render(request, "awards/consent.html", {"nomination": nomination,
                                                   "cycle": nomination.cycle})


# --- Public vote --------------------------------------------------------------------------------

@require_POST
def vote(request, pk: int):
    wants_json = "application/json" in request.headers.get("Accept", "")
    nomination = get_object_or_404(Nomination, pk=pk)
    try:
        services.cast_vote(voter=request.user, nomination=nomination,
                           ip_address=client_ip(request) or None)
    except DomainError as exc:
        if wants_json:
            return JsonResponse(exc.as_dict(), status=exc.status)
        if exc.code == "login_required":
            return redirect(f"{_login_url()}?next={request.path}")
        messages.error(request, exc.message)
    else:
        if wants_json:
            return JsonResponse({"code": "ok", "message": _("Thank you for voting.")})
        messages.success(request, _("Thank you for voting."))
    return redirect("awards:index")


def _login_url() -> str:
    from django.urls import reverse

    return reverse("account_login")


# --- Judges -------------------------------------------------------------------------------------

@login_required
def judge_home(request):
    cycle = AwardCycle.current()
    if not request.user.has_perm("awards.judge_cycle", cycle):
        raise PermissionDenied(_("You are not a judge of this award."))
    declaration = JudgeDeclaration.objects.filter(cycle=cycle, judge=request.user).first()
    assignments = []
    if declaration is not None:
        assignments = list(
            JudgeAssignment.objects.filter(judge=request.user, nomination__cycle=cycle)
            .select_related("nomination__category")
            .annotate(scored=Count("scores"))
            .order_by("nomination__category__sort_order", "nomination__nominee_name")
        )
    return render(request, "awards/judge_home.html", {
        "cycle": cycle, "declaration": declaration, "assignments": assignments,
        "categories": queries.judge_categories(cycle, request.user),
    })


@login_required
def judge_declaration(request, cycle_id: int):
    cycle = get_object_or_404(AwardCycle, pk=cycle_id)
    if not request.user.has_perm("awards.judge_cycle", cycle):
        raise PermissionDenied(_("You are not a judge of this award."))
    categories = queries.judge_categories(cycle, request.user)
    # Judges see only names and organisations here, to find their conflicts.
    nominations = list(
        Nomination.objects.filter(category__in=categories,
                                  status__in=(S.SUBMITTED, *services.JUDGED))
        .select_related("category").order_by("category__sort_order", "nominee_name")
    )
    declaration = JudgeDeclaration.objects.filter(cycle=cycle, judge=request.user).first()
    initial = {}
    if declaration is not None:
        initial = {"organisation": declaration.organisation, "statement": declaration.statement,
                   "conflicts": [str(pk) for pk in
                                 declaration.conflicts.values_list("pk", flat=True)]}
    form = DeclarationForm(request.POST or None, nominations=nominations, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["conflicts"]}
        try:
            services.declare_conflicts(
                cycle=cycle, judge=request.user,
                organisation=form.cleaned_data["organisation"],
                conflicts=[n for n in nominations if n.pk in chosen],
                statement=form.cleaned_data["statement"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your declaration is recorded."))
            return redirect("awards:judge_home")
    return render(request, "awards/judge_declaration.html", {"cycle": cycle, "form": form,
                                                             "declaration": declaration})


@login_required
def judge_score(request, pk: int):
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle", "category"), pk=pk
    )
    if not request.user.has_perm("awards.score_nomination", nomination):
        raise PermissionDenied(_("This nomination is not assigned to you."))
    try:
        assignment = services.assignment_for(nomination=nomination, judge=request.user)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    criteria = list(nomination.category.criteria.order_by("sort_order", "pk"))
    own = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {"comment": assignment.comment}
    for criterion_id, score in own.items():
        initial[f"score_{criterion_id}"] = f"{score.value.normalize():f}"
        initial[f"comment_{criterion_id}"] = score.comment
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and not assignment.submitted_at and form.is_valid():
        try:
            services.save_scores(
                nomination=nomination, judge=request.user, values=form.values(),
                comments=form.comments(), comment=form.cleaned_data["comment"],
                submit="submit" in request.POST,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your scores are submitted.") if "submit" in request.POST
                             else _("Your scores are saved as a draft."))
            return redirect("awards:judge_score", pk=pk)
    others = []
    if assignment.submitted_at:
        others = [a for a in queries.visible_assignments(user=request.user,
                                                         nomination=nomination)
                  if a.judge_id != request.user.pk]
    return render(request, "awards/judge_score.html", {
        "nomination": nomination, "assignment": assignment, "form": form,
        "evidence": list(nomination.evidence.all()),
        "figures": list(nomination.key_figures.all()), "others": others,
        "criteria": criteria,
    })


# --- Secretariat --------------------------------------------------------------------------------

# What the secretariat decides from the ranking.
BULK_TARGETS = (S.SHORTLISTED, S.FINALIST, S.WINNER, S.NOT_SELECTED)


@permission_required("awards.manage_awards")
def secretariat_home(request):
    cycles = list(AwardCycle.objects.select_related("edition"))
    categories = list(
        AwardCategory.objects.select_related("cycle")
        .annotate(
            total=Count("nominations", filter=~Q(nominations__status=S.DRAFT), distinct=True),
            judge_count=Count("judges", distinct=True),
        )
        .order_by("cycle", "sort_order")
    )
    for cycle in cycles:
        cycle.unreleased = services.unreleased_outcomes(cycle).count()
    return render(request, "awards/secretariat_home.html",
                  {"cycles": cycles, "categories": categories})


@permission_required("awards.manage_awards")
def secretariat_category(request, pk: int):
    category = get_object_or_404(AwardCategory.objects.select_related("cycle"), pk=pk)
    if request.method == "POST" and "assign" in request.POST:
        try:
            plan = services.assign_judges(category=category, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Judges assigned: %(count)s nominations, %(per)s judges "
                                        "each.") % {"count": len(plan),
                                                    "per": category.cycle.judges_per_nomination})
        return redirect("awards:secretariat_category", pk=pk)
    if request.method == "POST" and "bulk" in request.POST:
        to = request.POST.get("to", "")
        ids = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
        chosen = list(Nomination.objects.filter(category=category, pk__in=ids))
        if not chosen or to not in BULK_TARGETS:
            messages.error(request, _("Select nominations and a status."))
        else:
            try:
                services.change_statuses(nominations=chosen, to=to, by=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Status changed: %(count)s nominations.")
                                 % {"count": len(chosen)})
        return redirect("awards:secretariat_category", pk=pk)
    normalise = request.GET.get("normalise")
    normalise = category.cycle.normalise_scores if normalise is None else normalise == "1"
    results = queries.category_results(category, normalise=normalise)
    others = list(
        Nomination.objects.filter(category=category)
        .exclude(status__in=services.JUDGED).exclude(status=S.DRAFT)
        .order_by("submitted_at")
    )
    assignments = {}
    for a in JudgeAssignment.objects.filter(nomination__category=category).select_related(
        "judge"
    ):
        assignments.setdefault(a.nomination_id, []).append(a)
    for row in results:
        row.assignments = assignments.get(row.nomination.pk, [])
    # The menu offers what some listed status may become; the page's script narrows it to what
    # every selected one may become (the service refuses the rest in any case).
    listed = {row.nomination.status for row in results}
    offered = [t for t in BULK_TARGETS if any(t in services.TRANSITIONS.get(st, ())
                                              for st in listed)]
    return render(request, "awards/secretariat_category.html", {
        "category": category, "cycle": category.cycle, "results": results, "others": others,
        "normalise": normalise, "criteria": list(category.criteria.all()),
        "bulk_targets": [(v, S(v).label) for v in offered],
        "bulk_transitions": {st: services.allowed_targets([st], offered) for st in listed},
    })


@permission_required("awards.manage_awards")
def results_csv(request, pk: int):
    category = get_object_or_404(AwardCategory.objects.select_related("cycle"), pk=pk)
    results = queries.category_results(category)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{category.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Rank"), _("Nominee"), _("Organisation"), _("Status"), _("Judges"),
                     _("Mean"), _("Median"), _("Spread"), _("Mean z-score"), _("Votes"),
                     _("Result")])

    def fmt(value):
        return "" if value is None else f"{value:.4f}"

    for row in results:
        n = row.nomination
        writer.writerow([spreadsheet_safe(v) for v in [
            f"{row.rank}{'=' if row.tied else ''}" if row.rank else "", n.nominee_name,
            n.nominee_organisation, n.get_status_display(), len(row.judge_scores),
            fmt(row.mean), fmt(row.median), fmt(row.spread), fmt(row.z_mean), row.votes,
            fmt(row.final),
        ]])
    return response


@permission_required("awards.manage_awards")
def secretariat_nomination(request, pk: int):
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle__edition", "category", "nominator"), pk=pk
    )
    if request.method == "POST" and "resend_consent" in request.POST:
        try:
            services.resend_consent_request(nomination=nomination, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The consent request was sent again."))
        return redirect("awards:secretariat_nomination", pk=pk)
    form = StatusForm(request.POST or None, nomination=nomination)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(nomination=nomination, to=form.cleaned_data["to"],
                                   by=request.user, reason=form.cleaned_data["reason"],
                                   note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Status changed."))
            return redirect("awards:secretariat_nomination", pk=pk)
    return render(request, "awards/secretariat_nomination.html", {
        "nomination": nomination, "cycle": nomination.cycle, "form": form,
        "evidence": list(nomination.evidence.all()),
        "figures": list(nomination.key_figures.all()),
        "assignments": queries.visible_assignments(user=request.user, nomination=nomination),
        "certificate": getattr(nomination, "certificate", None),
        "consent_url": services.consent_url(nomination)
        if nomination.consent_state == ConsentState.PENDING and nomination.nominee_email
        else "",
    })


@permission_required("awards.manage_awards")
def publish(request, pk: int):
    """Publishing (or hiding) the results changes the public page: a confirmation page first."""
    cycle = get_object_or_404(AwardCycle, pk=pk)
    publish = cycle.results_published_at is None
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            cycle = services.publish_results(cycle=cycle, by=request.user, publish=publish)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Results published.") if cycle.results_published_at
                             else _("Results hidden."))
        return redirect("awards:secretariat")
    return render(request, "awards/secretariat_confirm.html", {
        "cycle": cycle, "action": "publish" if publish else "hide",
        "counts": queries.outcome_counts(cycle),
    })


@permission_required("awards.manage_awards")
def release(request, pk: int):
    """E-mail the outcome to nominators and nominees, when the secretariat chooses: confirm."""
    cycle = get_object_or_404(AwardCycle, pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            sent = services.release_results(cycle=cycle, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Outcome e-mailed for %(count)s nominations.")
                             % {"count": sent})
        return redirect("awards:secretariat")
    return render(request, "awards/secretariat_confirm.html", {
        "cycle": cycle, "action": "release",
        "counts": queries.outcome_counts(cycle, unreleased_only=True),
    })


# --- Certificates -------------------------------------------------------------------------------

def certificate_lookup(request):
    """The form to type a certificate's code (or paste its link): leads to its page."""
    form = CertificateLookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("awards:verify", code=form.cleaned_data["code"])
    return render(request, "awards/verify_form.html", {"form": form},
                  status=400 if form.is_bound else 200)


def verify_certificate(request, code: str):
    """The public verification page of every certificate the conference issues: the award's
    own, and through ``signals.verify_certificate`` the others (attendance certificates)."""
    code = code[:64]
    certificate = queries.valid_certificate(code)
    document = None if certificate is not None else find_document(code)
    status = 200 if certificate is not None or document is not None else 404
    return render(request, "awards/verify.html",
                  {"certificate": certificate, "document": document, "code": code,
                   "lookup_form": CertificateLookupForm()},
                  status=status)


def certificate_download(request, code: str):
    certificate = queries.valid_certificate(code)
    if certificate is None:
        raise Http404
    if not request.user.has_perm("awards.download_certificate", certificate):
        raise Http404
    nomination = certificate.nomination
    pdf = certificate_pdf(certificate, language=_language(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"certificate-{localized(nomination.category, 'name')[:20]}-{certificate.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{_ascii(name)}"'
    return response


def _ascii(value: str) -> str:
    from conference.common.text import fold

    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in fold(value))
