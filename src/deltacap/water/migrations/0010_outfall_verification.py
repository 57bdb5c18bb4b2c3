# The verification (核查销号) of an outfall's rectification by another official than the one
# who recorded it done. The account kept so far as "verified by" was the one who recorded
# it: it becomes ``recorded_by``, and a rectification recorded so far stays recorded,
# awaiting its verification.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def _recorders_kept(apps, schema_editor):
    """The account kept as "verified by" recorded the rectification as done."""
    outfalls = apps.get_model("water", "Outfall")
    outfalls.objects.exclude(verified_by=None).update(recorded_by=F("verified_by"))


def _recorders_back(apps, schema_editor):
    outfalls = apps.get_model("water", "Outfall")
    outfalls.objects.exclude(recorded_by=None).update(verified_by=F("recorded_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("water", "0009_outfall_rectification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A new column rather than a renamed one: PostgreSQL keeps a renamed column's index
        # under its old name, which the new "verified by" column's index then takes.
        migrations.AddField(
            model_name="outfall",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.RunPython(_recorders_kept, _recorders_back),
        migrations.RemoveField(model_name="outfall", name="verified_by"),
        migrations.AlterField(
            model_name="outfall",
            name="rectification_state",
            field=models.CharField(
                choices=[
                    ("pending", "Rectification pending"),
                    ("completed", "Recorded as done, awaiting verification"),
                    ("verified", "Rectified and verified"),
                ],
                default="pending",
                max_length=10,
                verbose_name="rectification state",
            ),
        ),
        migrations.AddField(
            model_name="outfall",
            name="verified_on",
            field=models.DateField(blank=True, null=True, verbose_name="verified on"),
        ),
        migrations.AddField(
            model_name="outfall",
            name="verified_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="verified by",
            ),
        ),
        migrations.AddField(
            model_name="outfall",
            name="verification_note",
            field=models.TextField(blank=True, verbose_name="verification note"),
        ),
        migrations.AddField(
            model_name="outfall",
            name="returned_on",
            field=models.DateField(blank=True, null=True, verbose_name="sent back on"),
        ),
        migrations.AddField(
            model_name="outfall",
            name="returned_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="sent back by",
            ),
        ),
        migrations.AddField(
            model_name="outfall",
            name="return_reason",
            field=models.TextField(blank=True, verbose_name="reason sent back"),
        ),
        migrations.AddConstraint(
            model_name="outfall",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("rectification_state", "verified"), _negated=True),
                    ("verified_on__isnull", False),
                    _connector="OR",
                ),
                name="water_outfall_verified_has_its_day",
            ),
        ),
    ]
