"""Import pages: upload a file, see what it would do (or what is wrong), confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import writable_teams

from .forms import ImportUploadForm
from .importing import IMPORTERS, Importer, import_allowed, importer_for
from .models import ExportJob, ImportBatch
from .progress import progress_read
from .services import (
    export_progress_key,
    import_batch_confirm,
    import_batch_create,
    import_batch_stalled,
    import_progress_key,
)
from .xlsx import Column, export_response

ERRORS_SHOWN = 500


def _importer(request: HttpRequest, kind: str) -> Importer:
    """The importer of ``kind``; 404 for no such kind, 403 for a user who may not import it."""
    if kind not in IMPORTERS:
        raise Http404
    if not import_allowed(request.user, kind):  # type: ignore[arg-type]
        raise PermissionDenied(_("You do not have permission to import data."))
    return importer_for(kind)


@login_required
def import_upload_view(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    teams = writable_teams(request.user, importer.permission) if importer.uses_team() else None  # type: ignore[arg-type]
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, teams=teams)
        if form.is_valid():
            batch = import_batch_create(
                user=request.user,  # type: ignore[arg-type]
                kind=kind,
                upload=form.cleaned_data["file"],
                team=form.cleaned_data.get("team"),
            )
            return redirect("transfer:preview", pk=batch.pk)
    else:
        form = ImportUploadForm(teams=teams)
    context = {
        "form": form,
        "kind": kind,
        "title": importer.title(),
        "fields": importer.template_fields(),
        "list_url": reverse(importer.list_url_name),
    }
    return render(request, "transfer/upload.html", context)


@login_required
def import_template_view(request: HttpRequest, kind: str) -> FileResponse:
    """An empty workbook with the import's column headers, in the user's language."""
    importer = _importer(request, kind)
    columns = [Column(f.label(), lambda _row: None, 18) for f in importer.template_fields()]
    return export_response(
        filename=f"{kind}-import", sheet_title=importer.title(), columns=columns, rows=[]
    )


@login_required
def import_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's batch is not found rather than forbidden: its file name is private.
    batch = get_object_or_404(ImportBatch, pk=pk, user=request.user)
    importer = _importer(request, batch.kind)
    context = {
        "batch": batch,
        "title": importer.title(),
        "errors": batch.errors[:ERRORS_SHOWN],
        "more_errors": max(0, batch.error_count - ERRORS_SHOWN),
        "columns": batch.preview.get("columns", []),
        "rows": batch.preview.get("rows", []),
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED,
        "working": batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.IMPORTING),
        "progress": progress_read(import_progress_key(batch)),
        "stalled": import_batch_stalled(batch),
        "list_url": reverse(importer.list_url_name),
    }
    return render(request, "transfer/preview.html", context)


def _imported_message(request: HttpRequest, batch: ImportBatch, importer: Importer) -> None:
    messages.success(
        request,
        _("Imported %(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "kind": importer.title(),
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
        },
    )


def _changed_message(request: HttpRequest) -> None:
    messages.error(
        request,
        _("The data changed since the check and the file now has errors; nothing was imported."),
    )


@login_required
@require_POST
def import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, user=request.user)
    importer = _importer(request, batch.kind)
    try:
        batch = import_batch_confirm(user=request.user, batch=batch)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("transfer:preview", pk=batch.pk)
    # A small file may be done already; a large one shows its progress on the preview.
    if batch.status == ImportBatch.Status.IMPORTED:
        _imported_message(request, batch, importer)
        return redirect(importer.list_url_name)
    if batch.status == ImportBatch.Status.FAILED:
        _changed_message(request)
    return redirect("transfer:preview", pk=batch.pk)


@login_required
def import_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the preview page while a file is checked or imported."""
    batch = get_object_or_404(ImportBatch, pk=pk, user=request.user)
    importer = _importer(request, batch.kind)
    if batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.IMPORTING):
        return render(
            request,
            "transfer/preview.html#progress",
            {"batch": batch, "progress": progress_read(import_progress_key(batch)),
             "stalled": import_batch_stalled(batch)},
        )  # fmt: skip
    if batch.status == ImportBatch.Status.IMPORTED:
        _imported_message(request, batch, importer)
        target = reverse(importer.list_url_name)
    else:
        if (
            batch.status == ImportBatch.Status.FAILED
            and batch.imported_at is None
            and batch.created_count + batch.updated_count
        ):
            _changed_message(request)
        target = reverse("transfer:preview", args=[batch.pk])
    response = HttpResponse(status=204)
    response["HX-Redirect"] = target
    return response


# --- Large exports ---------------------------------------------------------------------
def _export_job(request: HttpRequest, pk: int) -> ExportJob:
    # Someone else's export is not found: its filters may name their customers.
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@login_required
def export_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _export_job(request, pk)
    context = {
        "job": job,
        "working": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
        "progress": progress_read(export_progress_key(job)),
    }
    if request.htmx and not context["working"]:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("transfer:export_job", args=[job.pk])
        return response
    template = "transfer/export_job.html#progress" if request.htmx else "transfer/export_job.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def export_download_view(request: HttpRequest, pk: int) -> FileResponse:
    job = _export_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
