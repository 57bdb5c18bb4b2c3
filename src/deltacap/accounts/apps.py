from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "deltacap.accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from deltacap.accounts import backends, services
        from deltacap.accounts.models import ApiToken, User

        post_save.connect(backends.forget, sender=User, dispatch_uid="account-cache-save")
        post_delete.connect(backends.forget, sender=User, dispatch_uid="account-cache-delete")
        post_delete.connect(services.forget_token, sender=ApiToken, dispatch_uid="token-cache")
