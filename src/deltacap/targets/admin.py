from django.contrib import admin

from deltacap.targets.models import Target
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["period", "division", "pollutant", "tonnes", "percent_cut", "updated_at"]
    list_filter = ["period", "pollutant"]
