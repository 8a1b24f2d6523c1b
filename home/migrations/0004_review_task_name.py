"""The review step's name, as the admin shows it (« Cette page est en
relecture, à l'étape … », the history): « Relecture par les éditeurs »,
one word for one step, rather than « Validation par un éditeur »."""

from django.db import migrations

OLD = "Validation par un éditeur"
NEW = "Relecture par les éditeurs"


def rename(old, new):
    def run(apps, schema_editor):
        Task = apps.get_model("wagtailcore", "Task")
        Task.objects.filter(name=old).update(name=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("home", "0003_editorial_roles")]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
