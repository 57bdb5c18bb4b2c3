from django.contrib import admin

from deltacap.projects.models import CoefficientTable, EvaluationRound, Project
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "member", "city", "category", "status", "commissioning_date"]
    list_filter = ["member", "status", "category"]
    search_fields = ["code", "name"]
    exclude = ["accounting"]


@admin.register(CoefficientTable)
class CoefficientTableAdmin(ReadOnlyAdmin):
    list_display = ["set_id", "version", "member", "created_at"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdmin):
    list_display = ["period", "year", "deadline", "state", "closed_at"]
