from django.contrib import admin

from deltacap.accounts.models import User
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "role", "division", "enterprise", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username"]
    exclude = ["password"]
