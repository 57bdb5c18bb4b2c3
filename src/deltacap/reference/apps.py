from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "deltacap.reference"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from deltacap.reference import tree
        from deltacap.reference.models import Division

        post_save.connect(tree.forget, sender=Division, dispatch_uid="division_tree_save")
        post_delete.connect(tree.forget, sender=Division, dispatch_uid="division_tree_delete")
