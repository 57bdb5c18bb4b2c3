# The verification (核查销号) of an outfall's rectification by another official than the one
# who recorded it done. The account kept so far as "verified by" was the one who recorded
# it: it becomes ``recorded_by``, and a rectification recorded so far stays recorded,
# awaiting its verification.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("water", "0009_outfall_rectification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="outfall", old_name="verified_by", new_name="recorded_by"
        ),
        migrations.AlterField(
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
