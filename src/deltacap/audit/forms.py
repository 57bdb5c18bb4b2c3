from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deltacap.audit.labels import action_choices
from deltacap.audit.selectors import AuditFilter


def member_choices(user: Any) -> list[tuple[str, Any]]:
    """The members whose events ``user`` reads: every member for the office, its own for a
    member's staff."""
    from deltacap.accounts.permissions import principal_of
    from deltacap.domain.access import READS_ALL
    from deltacap.reference.models import Division, Level

    members = Division.objects.filter(level=Level.MEMBER)
    principal = principal_of(user)
    if principal.role not in READS_ALL:
        members = members.filter(code=principal.division_code or "")
    return [("", _("All")), *((d.code, f"{d.name} ({d.code})") for d in members)]


def _actions() -> list[tuple[str, str]]:
    return [("", str(_("All"))), *action_choices()]


class AuditFilterForm(forms.Form):
    """The page's filters: member, action by its words, author, and a range of days
    (从 … 至 …, both days included, in China's time)."""

    member = forms.ChoiceField(label=_("Member"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=_actions)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    since = forms.DateField(
        label=_("Date from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Date to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = member_choices(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The last day comes before the first."))
        return data

    def filtered(self) -> bool:
        """Whether any filter is set (an empty result then says the filters found nothing)."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def to_filter(self) -> AuditFilter:
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        until = data.get("until")
        return AuditFilter(
            actor=data.get("actor") or None,
            action=data.get("action") or None,
            member=data.get("member") or None,
            since=_start_of(data.get("since")),
            until=_start_of(until + timedelta(days=1)) if until else None,
        )


def _start_of(day: date | None) -> datetime | None:
    """The first moment of ``day`` in China's time."""
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None
