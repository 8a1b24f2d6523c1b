"""System checks of the host contract (campaign/README.md, "Contrat").

A host site adds "campaign", "dsfr", "wagtail.contrib.settings" and
"wagtail.api.v3" to INSTALLED_APPS, mounts Wagtail's API v3 and
campaign.urls, and may set CAMPAIGN = {...}. Whatever is missing is an error
of `manage.py check` (and of runserver, migrate…) that names the fix, rather
than a 500 on the first page that needs it. Nothing here warns on a site
that keeps the contract.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.urls import NoReverseMatch, reverse

from campaign import conf
from campaign.reference.regions import REGION_NAMES, region_named

# The apps the plugin needs besides Wagtail's usual ones, and why.
REQUIRED_APPS = {
    "dsfr": "the public pages use the DSFR's styles (django-dsfr)",
    "wagtail.contrib.settings": "the partner settings are a site setting",
    "wagtail.api.v3": "the campaign API is a router of Wagtail's API v3",
    "wagtail.images": "days and partners show images",
    "wagtail.documents": "days link to documents",
    "wagtail.snippets": "establishments and deliveries are snippets",
}
# Apps whose API v3 routers exist only after their ready(): "campaign"
# narrows them, so it must come after them.
APPS_BEFORE_CAMPAIGN = ("wagtail.images", "wagtail.documents")


def _installed_names():
    return [config.name for config in apps.get_app_configs()]


@checks.register(checks.Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    """campaign.E001: every app of the contract is installed."""
    return [
        checks.Error(
            f"The campaign plugin needs “{name}” in INSTALLED_APPS: {why}.",
            hint=f"Add “{name}” to INSTALLED_APPS.",
            id="campaign.E001",
        )
        for name, why in REQUIRED_APPS.items()
        if not apps.is_installed(name)
    ]


def app_order_ok():
    """Whether "campaign" comes after the apps whose API routers it narrows."""
    names = _installed_names()
    if "campaign" not in names:
        return True
    position = names.index("campaign")
    return all(
        name not in names or names.index(name) < position
        for name in APPS_BEFORE_CAMPAIGN
    )


@checks.register(checks.Tags.compatibility)
def check_app_order(app_configs=None, **kwargs):
    """campaign.E002: "campaign" after wagtail.images and wagtail.documents."""
    if app_order_ok():
        return []
    return [
        checks.Error(
            "“campaign” comes before “wagtail.images” or “wagtail.documents” "
            "in INSTALLED_APPS: it narrows their API v3 endpoints to the "
            "files public pages use, which exist only after them.",
            hint="Move “campaign” after “wagtail.images” and "
            "“wagtail.documents” in INSTALLED_APPS.",
            id="campaign.E002",
        )
    ]


@checks.register(checks.Tags.urls)
def check_urls(app_configs=None, **kwargs):
    """campaign.E003: the API v3 and campaign.urls are mounted."""
    errors = []
    if apps.is_installed("wagtail.api.v3"):
        try:
            reverse("wagtailapi_v3:api-root")
        except NoReverseMatch:
            errors.append(
                checks.Error(
                    "Wagtail's API v3 is not in the site's URLs: the campaign "
                    "API, its previews and the admin's links to it need it.",
                    hint="Add path(“api/v3/”, api_v3.urls) to urlpatterns "
                    "(from wagtail.api.v3.urls import api as api_v3), "
                    "before Wagtail's page URLs.",
                    id="campaign.E003",
                )
            )
    try:
        reverse("campaign:rss", kwargs={"slug": "campagne"})
    except NoReverseMatch:
        errors.append(
            checks.Error(
                "campaign.urls is not in the site's URLs: the feeds, the "
                "calendar, the widget and the actions pages need it.",
                hint="Add path(“campagnes/”, include(“campaign.urls”)) to "
                "urlpatterns, before Wagtail's page URLs.",
                id="campaign.E003",
            )
        )
    return errors


@checks.register()
def check_settings(app_configs=None, **kwargs):
    """campaign.E004: settings.CAMPAIGN holds known keys with valid values."""
    errors = [
        checks.Error(message, hint=hint, id="campaign.E004")
        for message, hint in conf.problems()
    ]
    if errors:
        return errors
    default_region = conf.get_config()["DEFAULT_REGION"]
    if region_named(default_region) is None:
        errors.append(
            checks.Error(
                f'CAMPAIGN["DEFAULT_REGION"] = {default_region!r} is not a région '
                "académique.",
                hint="Use one of: " + ", ".join(REGION_NAMES) + ".",
                id="campaign.E004",
            )
        )
    return errors


@checks.register(checks.Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """campaign.E005: the base template of the public pages exists."""
    name = conf.get_config()["BASE_TEMPLATE"]
    if not isinstance(name, str) or not name:
        return []  # campaign.E004 says so
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            checks.Error(
                f"The public pages extend “{name}” "
                "(CAMPAIGN[“BASE_TEMPLATE”]), which no template directory "
                "holds.",
                hint="Create that template (Wagtail's project template has "
                "one, with the blocks title, extra_css, content and "
                "extra_js), or set CAMPAIGN[“BASE_TEMPLATE”] to yours.",
                id="campaign.E005",
            )
        ]
    except TemplateSyntaxError as error:
        return [
            checks.Error(
                f"The base template “{name}” does not load: {error}",
                id="campaign.E005",
            )
        ]
    return []


def uses_request_context(engine_options):
    return "django.template.context_processors.request" in engine_options.get(
        "context_processors", []
    )


@checks.register(checks.Tags.templates)
def check_request_context_processor(app_configs=None, **kwargs):
    """campaign.E006: templates see `request` (canonical and share links)."""
    django_engines = [
        engine
        for engine in settings.TEMPLATES
        if engine.get("BACKEND") == "django.template.backends.django.DjangoTemplates"
    ]
    if any(
        uses_request_context(engine.get("OPTIONS", {})) for engine in django_engines
    ):
        return []
    return [
        checks.Error(
            "The public pages need `request` in their template context "
            "(canonical address, share links, feeds).",
            hint="Add “django.template.context_processors.request” to "
            "TEMPLATES[…][“OPTIONS”][“context_processors”].",
            id="campaign.E006",
        )
    ]


def _blocks_of(template, base_template):
    """Every block name of a (Django backend) template and of those it
    extends; a dynamic parent ({% extends campaign_base_template %}) is the
    site's CAMPAIGN["BASE_TEMPLATE"]."""
    names, seen = set(), set()
    while template is not None and template.origin.name not in seen:
        seen.add(template.origin.name)
        names.update(
            node.name for node in template.nodelist.get_nodes_by_type(BlockNode)
        )
        extends = template.nodelist.get_nodes_by_type(ExtendsNode)
        if not extends:
            break
        parent = extends[0].parent_name.var
        parent = parent if isinstance(parent, str) else base_template
        try:
            template = get_template(parent).template
        except (TemplateDoesNotExist, TemplateSyntaxError, AttributeError):
            break  # campaign.E005 says so
    return names


@checks.register(checks.Tags.templates)
def check_base_template_blocks(app_configs=None, **kwargs):
    """campaign.E007: the site's base template has the blocks that
    campaign/page_base.html fills (Django drops any other one silently: the
    pages would lose their styles, feed links and JSON-LD without a word)."""
    name = conf.get_config()["BASE_TEMPLATE"]
    if not isinstance(name, str) or not name:
        return []  # campaign.E004 says so
    try:
        page_base = get_template("campaign/page_base.html").template
        get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError, AttributeError):
        return []  # campaign.E005 says so (or not a Django template)
    extends = page_base.nodelist.get_nodes_by_type(ExtendsNode)
    if not extends:
        return []
    # The blocks it fills at the top level (ExtendsNode.blocks also holds
    # the ones nested in them, which are its own).
    filled = {node.name for node in extends[0].nodelist if isinstance(node, BlockNode)}
    parent = extends[0].parent_name.var
    parent_name = parent if isinstance(parent, str) else name
    try:
        available = _blocks_of(get_template(parent_name).template, name)
    except (TemplateDoesNotExist, TemplateSyntaxError, AttributeError):
        return []
    missing = sorted(filled - available)
    if not missing:
        return []
    return [
        checks.Error(
            f"The base template “{parent_name}” has no block "
            + ", ".join(missing)
            + ": the campaign's pages would lose what they put there (styles, "
            "feed links, canonical address, JSON-LD, scripts) without a word.",
            hint="Add the missing blocks to that template, as Wagtail's project "
            "template has them ({% block extra_css %}{% endblock %} at the end "
            "of <head>, {% block extra_js %}{% endblock %} before </body>), or "
            "override campaign/page_base.html to put its blocks in yours "
            "(campaign/README.md, “Gabarits”).",
            id="campaign.E007",
        )
    ]
