"""Password rules whose messages are in the platform's own catalogue (Chinese and English)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("The password is too short: at least {count} characters.").format(
                    count=self.min_length
                ),
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("At least {count} characters.").format(count=self.min_length)
