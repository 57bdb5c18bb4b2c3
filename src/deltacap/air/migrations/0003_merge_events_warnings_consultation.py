from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("air", "0002_air_warnings"),
        ("air", "0002_airevent_controllist_controllistversion_and_more"),
        ("air", "0002_consultation"),
    ]

    operations = []
