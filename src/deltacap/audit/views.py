"""The audit trail page: the office reads all, a member's staff read their member's."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from deltacap.audit.forms import AuditFilterForm
from deltacap.audit.models import AuditEvent
from deltacap.audit.selectors import events


@login_required
@require_safe
def audit_page(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    qs = events(request.user, form.to_filter()) if valid else AuditEvent.objects.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "event": e,
            "before": json.dumps(e.before, ensure_ascii=False) if e.before else "",
            "after": json.dumps(e.after, ensure_ascii=False) if e.after else "",
        }
        for e in page
    ]
    status = 200 if valid else 422
    return render(
        request, "audit/events.html", {"form": form, "page": page, "rows": rows}, status=status
    )
