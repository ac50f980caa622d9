"""The admin pages of work done by a background task (a batch of badges or certificates, a
report): the page that follows its progress, the JSON the page polls, and the download of the file
it made. Each app keeps its own URLs, permissions, templates and strings, and passes them in.

Every such task's status is a ``TextChoices`` with the values queued, running, done and failed,
and its model has ``status``, ``error`` and a ``percent`` property.
"""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

DONE = "done"
FAILED = "failed"


def progress_page(request, template: str, *, task, status_url: str, name: str = "batch"):
    """The task's page, with the URL of its JSON status for the script that follows it."""
    return render(request, template, {name: task, "status_url": status_url})


def progress_status(task, *, not_found: str, counts: tuple[str, ...] = (),
                    download: str = "", needs_file: bool = True,
                    flags: tuple[str, ...] = ()) -> JsonResponse:
    """The task's progress as its page's script reads it: ``status``, ``status_label``, the
    ``counts`` named (attributes of the task), ``percent``; with ``download`` (a URL name taking
    the task's pk), ``download_url`` once the task is done (and, with ``needs_file``, made its
    file); ``error`` once it failed; then the ``flags`` named. A task that does not exist (None)
    answers 404 with the message ``not_found``."""
    if task is None:
        return JsonResponse({"code": "not_found", "message": not_found}, status=404)
    data = {"status": task.status, "status_label": task.get_status_display()}
    data.update((name, getattr(task, name)) for name in counts)
    data["percent"] = task.percent
    if download:
        ready = task.status == DONE and (bool(task.file) or not needs_file)
        data["download_url"] = reverse(download, args=[task.pk]) if ready else None
    data["error"] = task.error if task.status == FAILED else ""
    data.update((name, getattr(task, name)) for name in flags)
    return JsonResponse(data)


def private_download(file: FieldFile, content_type: str) -> FileResponse:
    """A file the task made, from private storage, as an attachment no cache may keep; 404 when
    there is none."""
    if not file:
        raise Http404
    response = FileResponse(file.open("rb"), content_type=content_type, as_attachment=True,
                            filename=file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
