from django.urls import path

from deltacap.projects import (
    views,
    views_accounting,
    views_exchange,
    views_forms,
    views_investment,
    views_progress,
    views_rounds,
)

app_name = "projects"
urlpatterns = [
    path("", views.project_list_page, name="list"),
    path("progress/", views_progress.progress_page, name="progress"),
    path("progress/export/", views_progress.progress_export, name="progress_export"),
    path("targets/", views_progress.targets_page, name="targets"),
    path("targets/set/", views_progress.set_city_target, name="set_city_target"),
    path("export/", views_exchange.export_page, name="export"),
    path("template/", views_exchange.template_page, name="template"),
    path("import/", views_exchange.import_page, name="import"),
    path("import/confirm/", views_exchange.import_confirm, name="import_confirm"),
    path("rounds/", views_rounds.rounds_page, name="rounds"),
    path("rounds/open/", views_rounds.open_round_page, name="open_round"),
    path("rounds/calendar/", views_rounds.calendar_page, name="round_calendar"),
    path(
        "rounds/<str:period>/<int:year>/evaluation/",
        views_rounds.evaluation_page,
        name="round_evaluation",
    ),
    path("rounds/<str:period>/<int:year>/", views_rounds.round_page, name="round"),
    path("rounds/<str:period>/<int:year>/submit/", views_rounds.submit_page, name="round_submit"),
    path(
        "rounds/<str:period>/<int:year>/action/",
        views_rounds.office_action_page,
        name="round_action",
    ),
    path("investment/", views_investment.investment_page, name="investment"),
    path("new/", views_forms.project_create, name="create"),
    path("new/places/", views_forms.place_choices, name="places"),
    path("<str:code>/", views.project_detail, name="detail"),
    path("<str:code>/edit/", views_forms.project_edit, name="edit"),
    path("<str:code>/status/", views.project_status, name="status"),
    path("<str:code>/accounting/", views_accounting.project_accounting, name="accounting"),
    path(
        "<str:code>/accounting/fields/",
        views_accounting.accounting_fields,
        name="accounting_fields",
    ),
    path(
        "<str:code>/accounting/check/",
        views_accounting.accounting_check,
        name="accounting_check",
    ),
    path("<str:code>/evidence/", views.project_evidence, name="evidence_upload"),
    path("<str:code>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
]
