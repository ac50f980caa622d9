"""Attendees rate a session; speakers see their results through their private link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cms.models import Session, Speaker
from conference.common.exceptions import DomainError

from . import queries, services
from .forms import FeedbackForm
from .links import speaker_id_from_token
from .models import SessionFeedback


@login_required
def rate(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("edition", "room"), pk=pk,
                                live=True)
    mine = SessionFeedback.objects.filter(session=session, user=request.user).first()
    problem = None
    if not request.user.has_perm("feedback.rate_session", session):
        problem = _("Only attendees registered for this conference can rate its sessions.")
    else:
        try:
            services.check_window(session)
        except DomainError as exc:
            problem = exc.message
    form = FeedbackForm(request.POST if request.method == "POST" else None,
                        initial={"rating": mine.rating, "comment": mine.comment} if mine else None)
    status = 200
    if request.method == "POST":
        if problem is None and form.is_valid():
            try:
                services.rate_session(session=session, user=request.user,
                                      rating=form.cleaned_data["rating"],
                                      comment=form.cleaned_data["comment"])
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.code == "rate_limited" else 400
            else:
                messages.success(request, _("Thank you: your rating is saved. You can change it "
                                            "until rating closes."))
                return redirect("feedback:rate", pk=session.pk)
        else:
            status = 403 if problem else 400
    elif problem:
        status = 403
    return render(request, "feedback/rate.html", {
        "session": session, "form": form, "mine": mine, "problem": problem,
    }, status=status)


def speaker_results(request, token: str):
    speaker_id = speaker_id_from_token(token)
    speaker = Speaker.objects.filter(pk=speaker_id).select_related("edition").first() \
        if speaker_id else None
    if speaker is None:
        raise Http404
    released = services.feedback_settings(speaker.edition).released_to_speakers
    sessions = []
    if released:
        for session in queries.session_results(speaker.edition).filter(
                session_speakers__speaker=speaker).distinct():
            sessions.append({"session": session, "distribution": queries.distribution(session),
                             "comments": list(queries.comments(session)[:200])})
    response = render(request, "feedback/speaker.html", {
        "speaker": speaker, "released": released, "sessions": sessions})
    response["X-Robots-Tag"] = "noindex"
    return response
