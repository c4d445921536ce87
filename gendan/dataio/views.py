"""Import pages (upload a file, see what it would do or what is wrong, confirm) and the
pages of list exports (the export button of every list, a large export's progress)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import writable_teams
from gendan.accounts.http import AuthedHttpRequest
from gendan.core.progress import progress_read
from gendan.core.registry import importers
from gendan.core.tabular import TabularError
from gendan.core.xlsx import Column, export_response

from .exporting import export_spec
from .forms import ImportUploadForm
from .importing import Importer, import_allowed, importer_for
from .jobs import read_batch_file
from .models import ExportJob, ImportBatch
from .reports import error_report_filename, import_batch_error_report
from .selectors import (
    export_job_get_for_user,
    export_progress_key,
    import_batch_get_for_user,
    import_batch_stalled,
    import_progress_key,
)
from .services import export_job_create, import_batch_confirm, import_batch_create

ERRORS_SHOWN = 500


def _importer(request: AuthedHttpRequest, kind: str) -> Importer:
    """The importer of ``kind``; 404 for no such kind, 403 for a user who may not import it."""
    if kind not in importers:
        raise Http404
    if not import_allowed(request.user, kind):
        raise PermissionDenied(_("You do not have permission to import data."))
    return importer_for(kind)


@login_required
def import_upload_view(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    teams = writable_teams(request.user, importer.permission) if importer.uses_team() else None
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, teams=teams)
        if form.is_valid():
            batch = import_batch_create(
                user=request.user,
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
    return render(request, "dataio/upload.html", context)


@login_required
def import_template_view(request: AuthedHttpRequest, kind: str) -> FileResponse:
    """An empty workbook with the import's column headers, in the user's language."""
    importer = _importer(request, kind)
    columns = [Column(f.label(), lambda _row: None, 18) for f in importer.template_fields()]
    return export_response(
        filename=f"{kind}-import", sheet_title=importer.title(), columns=columns, rows=[]
    )


@login_required
def import_preview_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    importer = _importer(request, batch.kind)
    context = {
        "batch": batch,
        "title": importer.title(),
        "errors": batch.errors[:ERRORS_SHOWN],
        "more_errors": max(0, batch.error_count - ERRORS_SHOWN),
        "columns": batch.preview.get("columns", []),
        "rows": batch.preview.get("rows", []),
        "can_download_errors": _has_error_report(batch),
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED,
        "working": batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.IMPORTING),
        "progress": progress_read(import_progress_key(batch)),
        "stalled": import_batch_stalled(batch),
        "list_url": reverse(importer.list_url_name),
    }
    return render(request, "dataio/preview.html", context)


def _has_error_report(batch: ImportBatch) -> bool:
    """Is there a sheet to give back with its errors: a checked file with rows and errors?"""
    return bool(
        batch.error_count
        and batch.row_count
        and batch.status in (ImportBatch.Status.FAILED, ImportBatch.Status.PREVIEWED)
    )


@login_required
def import_errors_download_view(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    """The uploaded sheet, same columns and rows, with an "Errors" column to correct it by."""
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    _importer(request, batch.kind)
    if not _has_error_report(batch):
        raise Http404
    try:
        data = read_batch_file(batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("transfer:preview", pk=batch.pk)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    try:
        import_batch_error_report(batch, data, handle.name)
    except TabularError as exc:
        handle.close()
        messages.error(request, str(exc))
        return redirect("transfer:preview", pk=batch.pk)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=error_report_filename(batch),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _imported_message(request: AuthedHttpRequest, batch: ImportBatch, importer: Importer) -> None:
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


def _changed_message(request: AuthedHttpRequest) -> None:
    messages.error(
        request,
        _("The data changed since the check and the file now has errors; nothing was imported."),
    )


@login_required
@require_POST
def import_confirm_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    importer = _importer(request, batch.kind)
    try:
        batch = import_batch_confirm(user=request.user, batch=batch)
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
def import_progress_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Polled by the preview page while a file is checked or imported."""
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    importer = _importer(request, batch.kind)
    if batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.IMPORTING):
        return render(
            request,
            "dataio/preview.html#progress",
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


# --- List exports ---------------------------------------------------------------------


def export_or_queue(request: AuthedHttpRequest, kind: str) -> HttpResponseBase:
    """Write a small export now; queue a large one and show its progress."""
    spec = export_spec(kind, user=request.user, params=request.GET)
    if spec.count(settings.EXPORT_DIRECT_ROWS) <= settings.EXPORT_DIRECT_ROWS:
        return export_response(
            filename=spec.filename,
            sheet_title=spec.sheet_title,
            columns=spec.columns,
            rows=spec.rows,
        )
    job = export_job_create(user=request.user, kind=kind, query=request.GET.urlencode())
    return redirect("transfer:export_job", pk=job.pk)


def export_view(kind: str) -> Callable[..., HttpResponseBase]:
    """The export button of a list: ``path("export.xlsx", export_view("orders"), ...)``.

    ``kind`` is the key its app registered in ``gendan.core.registry.exporters``.
    """

    @login_required
    def view(request: AuthedHttpRequest) -> HttpResponseBase:
        return export_or_queue(request, kind)

    view.__name__ = view.__qualname__ = f"{kind}_export_view"
    return view


@login_required
def export_job_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, pk=pk)
    context = {
        "job": job,
        "working": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
        "progress": progress_read(export_progress_key(job)),
    }
    if request.htmx and not context["working"]:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("transfer:export_job", args=[job.pk])
        return response
    template = "dataio/export_job.html#progress" if request.htmx else "dataio/export_job.html"
    return render(request, template, context)


@login_required
def export_download_view(request: AuthedHttpRequest, pk: int) -> FileResponse:
    job = export_job_get_for_user(user=request.user, pk=pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
