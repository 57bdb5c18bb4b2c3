from django.contrib import admin

from deltacap.enterprises.models import Enterprise
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ["uscc", "name", "division", "member_code", "sector", "synthetic"]
    list_filter = ["member_code", "synthetic"]
    search_fields = ["uscc", "name"]
