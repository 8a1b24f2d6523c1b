from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    # Replace Wagtail's placeholder "Welcome" page (wagtailcore.0002_initial_data).
    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()

    homepage_content_type, __ = ContentType.objects.get_or_create(
        model="homepage", app_label="home"
    )
    # The default locale comes from LANGUAGE_CODE ("fr") in wagtailcore.0054.
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost",
        site_name="Semaine de la Persévérance Scolaire",
        root_page=homepage,
        is_default_site=True,
    )


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(slug="accueil", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
