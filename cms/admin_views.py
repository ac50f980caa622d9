"""The editors' desk for speakers' changes: approve or refuse, and hand out private links."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.common.exceptions import DomainError
from conference.common.links import absolute_url
from conference.common.permissions import permission_required

from . import materials
from .enums import ChangeStatus
from .models import Edition, Speaker, SpeakerChange

REVIEW = "cms.review_speaker_changes"


@permission_required(REVIEW)
def index(request):
    pending = (SpeakerChange.objects.filter(status=ChangeStatus.PENDING)
               .select_related("speaker", "slides_session").order_by("submitted_at"))
    decided = (SpeakerChange.objects.exclude(status=ChangeStatus.PENDING)
               .select_related("speaker", "decided_by").order_by("-decided_at")[:20])
    edition = Edition.current()
    speakers = Speaker.objects.filter(edition=edition) if edition else Speaker.objects.none()
    return TemplateResponse(request, "cms/admin/speaker_changes.html",
                            {"pending": pending, "decided": decided, "speakers": speakers})


@permission_required(REVIEW)
def speaker_link(request, speaker_id: int):
    speaker = get_object_or_404(Speaker, pk=speaker_id)
    token = materials.speaker_token(speaker)
    return TemplateResponse(request, "cms/admin/speaker_link.html", {
        "speaker": speaker,
        "link_vi": absolute_url("cms:speaker_link", "vi", token=token),
        "link_en": absolute_url("cms:speaker_link", "en", token=token),
    })


@permission_required(REVIEW)
def change_file(request, pk: int, which: str):
    """The photo or slides a speaker sent, for the editor to look at before approving."""
    from django.http import FileResponse, Http404

    change = get_object_or_404(SpeakerChange, pk=pk)
    field = {"photo": change.photo, "slides": change.slides}.get(which)
    if not field:
        raise Http404("no file")
    content_type = "application/pdf" if which == "slides" else None
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required(REVIEW)
def decide(request, pk: int):
    try:
        if request.POST.get("decision") == "approve":
            materials.approve_speaker_change(change_id=pk, user=request.user)
            messages.success(request, _("The change was approved and published."))
        else:
            materials.reject_speaker_change(change_id=pk, user=request.user,
                                            reason=request.POST.get("reason", ""))
            messages.success(request, _("The change was refused."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("cms_speaker_changes:index"))
