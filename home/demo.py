"""Demo content of the site itself: its plain pages, its site record and a
demo administrator. Idempotent: builders look things up before creating them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site

from home.models import HomePage, StandardPage

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "persev-demo"  # noqa: S105 - a documented local demo login

LEGAL_NOTICE = """
<h2>Éditeur du site</h2>
<p>Région académique Nouvelle-Aquitaine, en partenariat avec l’Onisep Nouvelle-Aquitaine.</p>
<h2>Directeur de la publication</h2>
<p>Le recteur de la région académique Nouvelle-Aquitaine.</p>
<h2>Hébergement</h2>
<p>Services informatiques de la région académique Nouvelle-Aquitaine.</p>
<h2>Données personnelles</h2>
<p>Ce site ne dépose aucun cookie de mesure d’audience et ne collecte aucune donnée personnelle de ses lecteurs.</p>
"""

ACCESSIBILITY = """
<p>La région académique Nouvelle-Aquitaine s’engage à rendre ce site accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<h2>État de conformité</h2>
<p>Ce site est <b>partiellement conforme</b> au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1 : l’audit est en cours.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez la région académique pour être orienté vers une alternative accessible.</p>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu, et que vous n’obtenez pas de réponse satisfaisante, vous pouvez saisir le Défenseur des droits.</p>
"""

PAGES = [
    ("mentions-legales", "Mentions légales", LEGAL_NOTICE),
    ("accessibilite", "Accessibilité : partiellement conforme", ACCESSIBILITY),
]


def configure_default_site():
    """Point the default site at the address the site is served from, so that
    absolute links (e-mail, API) are right."""
    site = Site.objects.get(is_default_site=True)
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname = parts.hostname or "localhost"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    return site


def ensure_standard_pages(home):
    created = []
    for slug, title, body in PAGES:
        if StandardPage.objects.child_of(home).filter(slug=slug).exists():
            continue
        page = StandardPage(title=title, slug=slug, body=body.strip())
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(page)
    return created


def ensure_demo_admin():
    """The local demo administrator; its password is reset to the demo one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
    )
    if created or not user.check_password(DEMO_ADMIN_PASSWORD):
        user.is_staff = user.is_superuser = True
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save()
    return user


# Demo accounts of the two editorial roles (groups from home.0003), same password.
DEMO_ROLE_USERS = [
    ("communicant", "Camille", "Communicants"),
    ("editeur", "Dominique", "Éditeurs"),
]


def ensure_demo_role_users():
    """One demo user per editorial role, to try the review workflow."""
    User = get_user_model()
    users = []
    for username, first_name, group_name in DEMO_ROLE_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": first_name},
        )
        if created or not user.check_password(DEMO_ADMIN_PASSWORD):
            user.set_password(DEMO_ADMIN_PASSWORD)
            user.save()
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            user.groups.add(group)
        users.append(user)
    return users


def home_page():
    site = Site.objects.get(is_default_site=True)
    return HomePage.objects.get(pk=site.root_page_id)
