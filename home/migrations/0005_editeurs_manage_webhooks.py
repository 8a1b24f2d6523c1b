"""The Éditeurs manage the partner webhooks (campaign.WebhookEndpoint), and
so see their deliveries; the Communicants do not (the endpoints hold the
partners' secrets)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITEURS = "Éditeurs"
CODENAMES = ["add_webhookendpoint", "change_webhookendpoint", "delete_webhookendpoint"]


def forwards(apps, schema_editor):
    config = apps.get_app_config("campaign")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITEURS).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="campaign", codename__in=CODENAMES
        )
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITEURS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="campaign", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_review_task_name"),
        ("campaign", "0012_partner_webhooks"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
