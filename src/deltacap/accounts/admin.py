from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from deltacap.accounts.models import User
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "role", "division", "enterprise", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username"]
    exclude = ["password"]


# django-otp registers an admin that can add and edit authenticators; here they are only
# looked at (without their secret keys): two-factor sign-in changes through the audited
# services of accounts/two_factor.py.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    exclude = ["key"]
