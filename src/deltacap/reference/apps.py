from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "deltacap.reference"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from deltacap.reference import periods, tree
        from deltacap.reference.models import Division, PlanningPeriod

        post_save.connect(tree.forget, sender=Division, dispatch_uid="division_tree_save")
        post_delete.connect(tree.forget, sender=Division, dispatch_uid="division_tree_delete")
        # A period saved or deleted any way (not only through the audited services).
        post_save.connect(periods.forget, sender=PlanningPeriod, dispatch_uid="period_save")
        post_delete.connect(periods.forget, sender=PlanningPeriod, dispatch_uid="period_delete")
