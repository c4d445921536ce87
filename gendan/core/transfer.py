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
from .models import ImportBatch
from .services import import_batch_confirm, import_batch_create
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
        "list_url": reverse(importer.list_url_name),
    }
    return render(request, "transfer/preview.html", context)


@login_required
@require_POST
def import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, user=request.user)
    importer = _importer(request, batch.kind)
    try:
        batch, result = import_batch_confirm(user=request.user, batch=batch)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("transfer:preview", pk=batch.pk)
    if not result.written:
        messages.error(
            request,
            _(
                "The data changed since the check and the file now has errors; nothing was imported."
            ),
        )
        return redirect("transfer:preview", pk=batch.pk)
    messages.success(
        request,
        _("Imported %(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "kind": importer.title(),
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect(importer.list_url_name)
