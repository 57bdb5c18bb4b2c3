# The monthly flows (N/P loads) and the shared facilities were added side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("water", "0005_np_loads"),
        ("water", "0005_shared_facilities"),
    ]

    operations = []
