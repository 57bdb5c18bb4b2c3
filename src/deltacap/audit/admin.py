from django.contrib import admin

from deltacap.audit.models import AuditEvent
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "actor_username",
        "channel",
        "action",
        "object_type",
        "object_id",
        "member_code",
    ]
    list_filter = ["channel", "member_code"]
    search_fields = ["actor_username", "action", "object_id"]
