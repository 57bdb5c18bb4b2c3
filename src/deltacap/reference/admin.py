from django.contrib import admin

from deltacap.reference.models import Division, PlanningPeriod, Pollutant
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name_zh",
        "name_en",
        "level",
        "parent",
        "demonstration_zone",
        "pilot_county",
    ]
    list_filter = ["level", "demonstration_zone", "pilot_county"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Pollutant)
class PollutantAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en", "medium", "hj212_code", "hj212_code_2005"]


@admin.register(PlanningPeriod)
class PlanningPeriodAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "start_year", "end_year", "target_form", "base_year"]
