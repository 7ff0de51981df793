from django.db import migrations


def load(apps, schema_editor):
    from dondoc.lib.calendar_data import load_bundled

    load_bundled(apps.get_model("lib", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("lib", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
