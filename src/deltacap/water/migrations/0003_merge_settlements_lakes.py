from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("water", "0002_eco_settlements"),
        ("water", "0002_lakes_taihu_zone_blooms"),
    ]

    operations = []
