"""The site's editorial roles and review workflow.

- "Communicants" write campaigns, days, establishments, images and documents,
  and submit days for review; they cannot publish, schedule or unpublish.
- "Éditeurs" can do all that, and approve, publish, schedule and unpublish.
- The workflow "Relecture" (one approval task for the Éditeurs) applies to
  the whole site from its home page.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICANTS = "Communicants"
EDITEURS = "Éditeurs"
WORKFLOW = "Relecture"
TASK = "Validation par un éditeur"

PAGE_PERMISSIONS = {
    COMMUNICANTS: ["add_page", "change_page"],
    EDITEURS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
MODEL_PERMISSIONS = {
    COMMUNICANTS: [
        ("wagtailadmin", "access_admin"),
        ("campaign", "add_establishment"),
        ("campaign", "change_establishment"),
        ("campaign", "view_establishment"),
    ],
    EDITEURS: [
        ("wagtailadmin", "access_admin"),
        ("campaign", "add_establishment"),
        ("campaign", "change_establishment"),
        ("campaign", "delete_establishment"),
        ("campaign", "view_establishment"),
    ],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def ensure_permissions(apps):
    # Model permissions are normally created after migrate; create them now
    # (the same approach as wagtailcore's own data migrations).
    for label in ("wagtailcore", "wagtailadmin", "campaign", "wagtailimages", "wagtaildocs"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    home = Page.objects.get(depth=2, slug="accueil")
    root_collection = Collection.objects.get(depth=1)
    groups = {}
    for name in (COMMUNICANTS, EDITEURS):
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        for app_label, codename in MODEL_PERMISSIONS[name]:
            group.permissions.add(permission(app_label, codename))
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=permission("wagtailcore", codename)
            )
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(app_label, codename)
            )

    # Historical models skip Task.save(): set the polymorphic content type by hand.
    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[EDITEURS]])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})

    # Wagtail's sample groups (English names, no members on a new site) would
    # only confuse: their roles are the ones above.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=TASK).delete()
    Group.objects.filter(name__in=[COMMUNICANTS, EDITEURS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("campaign", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
