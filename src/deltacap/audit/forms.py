from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from deltacap.audit.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    member = forms.CharField(label=_("Member"), required=False, max_length=8)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Before"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def to_filter(self) -> AuditFilter:
        from datetime import datetime, time

        from django.utils import timezone

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}

        def at(day: object) -> datetime | None:
            if not day:
                return None
            return timezone.make_aware(datetime.combine(day, time.min))  # type: ignore[arg-type]

        return AuditFilter(
            actor=data.get("actor") or None,
            action=data.get("action") or None,
            member=data.get("member") or None,
            since=at(data.get("since")),
            until=at(data.get("until")),
        )
