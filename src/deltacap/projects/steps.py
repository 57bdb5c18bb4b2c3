"""Status steps (one project, or the office's batch review) and evidence files.

The rules are ``domain.projects.TRANSITIONS``: writers build a project up to commissioned,
the office verifies or rejects it. Each step is audited in its own transaction.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import check_file_size
from deltacap.domain.projects import Facts, ProjectStatus, check_editable, check_step
from deltacap.projects.models import Evidence, EvidenceKind, Project, ProjectReduction
from deltacap.projects.services import get_project, snapshot

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def read_upload(upload: Any, limit: int) -> bytes:
    """The bytes of an uploaded file, refused (InvalidInput) when larger than ``limit``."""
    size = getattr(upload, "size", None) or 0
    check_file_size(size, limit)
    data: bytes = upload.read()
    return data


def move_status(*, by: Actor, channel: str, code: str, to: str, reason: str = "") -> Project:
    """Take one status step (``domain.projects.TRANSITIONS``). Raises Conflict, StepRefused,
    InvalidInput (a need is missing), NotFound."""
    target = _status(to)
    with transaction.atomic():
        project = get_project(code)
        project = Project.objects.select_for_update().get(pk=project.pk)
        facts = Facts(
            has_commissioning_date=project.commissioning_date is not None,
            has_evidence=project.evidence.exists(),
            has_reduction=bool(project.accounting and project.accounting.get("reductions")),
            reason=reason,
        )
        check_step(principal_of(by), project.as_resource(), project.status_enum, target, facts)
        before = snapshot(project)
        project.status = target.value
        if target in (ProjectStatus.VERIFIED, ProjectStatus.REJECTED) or reason.strip():
            project.review_note = reason.strip()
        project.revision += 1
        project.updated_by = user_of(by)
        project.save()
        project.reductions.update(status=target.value)
        audit.record(
            actor=by,
            channel=channel,
            action=f"project.{target.value}",
            object_type="project",
            object_id=project.code,
            member_code=project.member_id,
            before=before,
            after=snapshot(project),
        )
    return project


def review_projects(*, by: Actor, channel: str, codes: list[str], to: str, reason: str = "") -> int:
    """The office verifies (or rejects, with a reason) a batch of commissioned projects, each
    step checked as ``move_status`` checks it; all or none. Returns how many moved."""
    target = _status(to)
    principal = principal_of(by)
    with transaction.atomic():
        projects = list(
            Project.objects.select_for_update(of=("self",))
            .filter(code__in=codes)
            .select_related("city", "county")
        )
        found = {p.code for p in projects}
        missing = [code for code in codes if code not in found]
        if missing:
            raise NotFound(
                gettext_noop("No project with code {code}."), field="codes", code=missing[0]
            )
        with_evidence = set(
            Evidence.objects.filter(project__in=projects).values_list("project_id", flat=True)
        )
        befores = {}
        for project in projects:
            facts = Facts(
                has_commissioning_date=True,
                has_evidence=project.pk in with_evidence,
                has_reduction=bool(project.accounting and project.accounting.get("reductions")),
                reason=reason,
            )
            check_step(principal, project.as_resource(), project.status_enum, target, facts)
            befores[project.code] = snapshot(project)
        actor = user_of(by)
        now = timezone.now()
        ids = [p.pk for p in projects]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            Project.objects.filter(pk__in=chunk).update(
                status=target.value,
                review_note=reason.strip(),
                revision=F("revision") + 1,
                updated_by=actor,
                updated_at=now,
            )
            ProjectReduction.objects.filter(project_id__in=chunk).update(status=target.value)
        for project in projects:
            project.status, project.review_note = target.value, reason.strip()
            project.revision += 1
        for project in projects:
            audit.record(
                actor=by,
                channel=channel,
                action=f"project.{target.value}",
                object_type="project",
                object_id=project.code,
                member_code=project.member_id,
                before=befores[project.code],
                after=snapshot(project),
            )
    return len(projects)


def _status(to: str) -> ProjectStatus:
    try:
        return ProjectStatus(to)
    except ValueError:
        raise InvalidInput(gettext_noop("Unknown status {got}."), field="status", got=to) from None


# ------------------------------------------------------------------ evidence


def attach_evidence(
    *,
    by: Actor,
    channel: str,
    code: str,
    filename: str,
    content: bytes,
    content_type: str,
    kind: str,
) -> Evidence:
    """Attach an evidence file (at most 20 MB). Raises AccessDenied, InvalidInput, Conflict,
    NotFound."""
    require(by, Action.EDIT_PROJECT, get_project(code))
    if kind not in EvidenceKind.values:
        raise InvalidInput(gettext_noop("Unknown kind of evidence {got}."), field="kind", got=kind)
    if not content:
        raise InvalidInput(gettext_noop("The file is empty."), field="file")
    check_file_size(len(content), MAX_EVIDENCE_BYTES)
    with transaction.atomic():
        project = get_project(code)
        check_editable(project.status_enum, project.code)
        evidence = Evidence.objects.create(
            project=project,
            kind=kind,
            filename=filename[-200:] or "file",
            content_type=content_type[:100] or "application/octet-stream",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by=user_of(by),
        )
        audit.record(
            actor=by,
            channel=channel,
            action="project.evidence",
            object_type="project",
            object_id=project.code,
            member_code=project.member_id,
            after={"file": evidence.filename, "sha256": evidence.sha256, "kind": kind},
        )
    return evidence
