"""The import page of a member's list from a CSV or Excel file, for vehicles, detections,
machinery and the phase-out list alike: the form, then the file checked (or imported) with
every fault by row and column, nothing written on any. What differs is the page's context,
the importer's access decision and the import itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.input_rules import file_too_large
from deltacap.mobile.importing import MAX_IMPORT_BYTES
from deltacap.web.errors import message_of, status_of


def import_page(
    request: HttpRequest,
    context: dict[str, Any],
    require: Callable[[Any], None],
    run: Callable[..., Any],
) -> HttpResponse:
    """The page ``mobile/import.html`` with ``context``; on POST the upload checked, or
    imported when the form's action says so. ``require`` takes the user and refuses an
    importer; ``run`` is the import (its report has ``issues`` and ``to_json``)."""
    context = {"limit_mb": MAX_IMPORT_BYTES // 1024 // 1024, **context}
    if request.method != "POST":
        return render(request, "mobile/import.html", context)
    upload = request.FILES.get("file")
    try:
        if upload is None or (upload.size or 0) > MAX_IMPORT_BYTES:
            # The access decision first: a refused importer learns nothing of the file.
            require(request.user)
            if upload is None:
                raise InvalidInput(gettext_noop("Choose a CSV or Excel file."), field="file")
            raise file_too_large(upload.size or 0, MAX_IMPORT_BYTES)
        report = run(
            by=request.user,
            channel="import",
            data=upload.read(),
            dry_run=request.POST.get("action") != "import",
        )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "mobile/import.html", context, status=status_of(exc))
    context["report"] = report.to_json()
    context["filename"] = upload.name
    return render(request, "mobile/import.html", context, status=422 if report.issues else 200)
