"""Session feedback in the Wagtail admin: per-session count and average, comments, export, and
the switch that releases results to speakers."""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.models import Edition, Session, Speaker
from conference.common.permissions import permission_required
from conference.common.text import spreadsheet_safe

from . import queries, services
from .forms import ReleaseForm
from .links import speaker_results_url
from .models import SessionFeedback


def _edition(request):
    year = request.GET.get("edition", "")
    if year.isdigit():
        return Edition.objects.filter(year=int(year)).first() or Edition.current()
    return Edition.current()


@permission_required("feedback.read_feedback")
def index(request):
    edition = _edition(request)
    sessions = queries.session_results(edition) if edition else []
    speakers = Speaker.objects.filter(edition=edition, session_links__isnull=False).distinct() \
        .order_by("name") if edition else []
    return TemplateResponse(request, "feedback/admin/index.html", {
        "header_title": _("Session feedback"), "edition": edition,
        "editions": Edition.objects.all(), "sessions": sessions,
        "config": services.feedback_settings(edition) if edition else None,
        "speaker_links": [(s, speaker_results_url(s)) for s in speakers],
    })


@permission_required("feedback.read_feedback")
def session(request, pk: int):
    item = get_object_or_404(Session.objects.select_related("edition"), pk=pk)
    result = queries.session_results(item.edition).get(pk=pk)
    return TemplateResponse(request, "feedback/admin/session.html", {
        "header_title": item.title, "session": result,
        "distribution": queries.distribution(item), "comments": queries.comments(item),
    })


@permission_required("feedback.read_feedback")
def export(request):
    edition = _edition(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{edition.year}.csv"' \
        if edition else 'attachment; filename="feedback.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Vietnamese) only with the BOM
    writer = csv.writer(response)
    writer.writerow([_("Session"), _("Starts"), _("Rating"), _("Comment"), _("Updated")])
    rows = SessionFeedback.objects.filter(session__edition=edition).select_related("session") \
        .order_by("session__start", "session_id", "id") if edition else []
    for row in rows:
        writer.writerow([spreadsheet_safe(row.session.title),
                         localtime(row.session.start).strftime("%d/%m/%Y %H:%M"), row.rating,
                         spreadsheet_safe(row.comment),
                         localtime(row.updated_at).strftime("%d/%m/%Y %H:%M")])
    return response


@require_POST
@permission_required("feedback.release_feedback")
def release(request):
    edition = _edition(request)
    form = ReleaseForm(request.POST)
    if edition is not None and form.is_valid():
        services.release_to_speakers(edition=edition, released=form.cleaned_data["released"],
                                     by=request.user)
        messages.success(request, _("Speakers can now see their results.")
                         if form.cleaned_data["released"]
                         else _("Speakers no longer see their results."))
    return redirect("feedback_admin_index")

