"""Accounts: users with a role and a place in the region, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Principal, Resource, Role
from deltacap.reference.models import Division


class User(AbstractUser):
    """An official, an enterprise's account holder, or a platform administrator."""

    class RoleChoice(models.TextChoices):
        OFFICE = Role.OFFICE.value, _("Region office")
        MEMBER_EDITOR = Role.MEMBER_EDITOR.value, _("Member editor")
        MEMBER_VIEWER = Role.MEMBER_VIEWER.value, _("Member viewer")
        CITY_EDITOR = Role.CITY_EDITOR.value, _("City or county editor")
        ENTERPRISE = Role.ENTERPRISE.value, _("Enterprise account holder")

    role = models.CharField(_("role"), max_length=16, choices=RoleChoice.choices)
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member, city or county"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name=_("enterprise"),
    )

    def get_role_display(self) -> str:  # type: ignore[no-redef]  # Django's, made cheaper
        """The role's name in the active language. Every page's top bar shows it: Django's
        own version hashes each choice's translatable label, which translates all five."""
        label = ROLE_LABELS.get(self.role)
        return self.role if label is None else str(label)

    def get_full_name(self) -> str:
        """The person's name, "" when none is recorded: a Chinese name as it is written,
        family name first and run together (王建国); any other as "given family"."""
        family, given = self.last_name.strip(), self.first_name.strip()
        if any("\u3400" <= c <= "\u9fff" for c in family + given):
            return family + given
        return f"{given} {family}".strip()

    def principal(self) -> Principal:
        """This account as the access rules see it."""
        if not self.is_active or not self.role:
            return Principal(Role.PUBLIC)
        return Principal(
            Role(self.role),
            division_code=self.division_id,
            enterprise_id=self.enterprise_id,
            account_id=self.pk,
        )

    def as_resource(self) -> Resource:
        """The account as a record of its place (the region's for the office)."""
        path = self.division.path() if self.division is not None else (REGION,)
        return Resource(Kind.ACCOUNT, path, enterprise_id=self.enterprise_id)


# The roles' names by their code, translated when shown (User.get_role_display).
ROLE_LABELS = dict(User.RoleChoice.choices)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
