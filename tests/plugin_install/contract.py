"""Apply exactly the host contract (campaign/README.md, "Le contrat avec le
site hôte") to a project made by `wagtail start`: four apps in
INSTALLED_APPS, two URLs, and the settings of its point 3 but the language
(Paris time, approved days waiting for "Programmer la semaine"): the site
stays English, as `wagtail start` makes it, and verify.py reads its admin in
English, and in French for an editor who chose French."""

import re
from pathlib import Path

CONTRACT_APPS = ["dsfr", "wagtail.contrib.settings", "wagtail.api.v3"]
# Point 3 of the README (LANGUAGE_CODE "fr" aside: see the docstring).
CONTRACT_SETTINGS = {
    "TIME_ZONE": '"Europe/Paris"',
    "WAGTAIL_FINISH_WORKFLOW_ACTION": '"campaign.publishing.workflows.finish_workflow"',
}


def apply(site_dir, project):
    """Edit <site_dir>/<project>/settings/base.py and urls.py in place."""
    project_dir = Path(site_dir) / project
    settings = project_dir / "settings" / "base.py"
    text = settings.read_text(encoding="utf-8")
    # "campaign" right after "wagtail.images" (and so after
    # "wagtail.documents"), the contract's other apps at the top.
    text, count = re.subn(
        r'(\n(\s+)"wagtail\.images",\n)', r'\1\2"campaign",\n', text, count=1
    )
    if count != 1:
        raise RuntimeError(f'"wagtail.images" not found in {settings}')
    text, count = re.subn(
        r"INSTALLED_APPS = \[\n",
        "INSTALLED_APPS = [\n" + "".join(f'    "{app}",\n' for app in CONTRACT_APPS),
        text,
        count=1,
    )
    if count != 1:
        raise RuntimeError(f"INSTALLED_APPS not found in {settings}")
    for name, value in CONTRACT_SETTINGS.items():
        # Replace wagtail start's line if it has one, else add the setting.
        text, count = re.subn(
            rf"^{name} = .*$", f"{name} = {value}", text, count=1, flags=re.M
        )
        if not count:
            text += f"\n{name} = {value}\n"
    settings.write_text(text, encoding="utf-8")

    urls = project_dir / "urls.py"
    text = urls.read_text(encoding="utf-8")
    text = text.replace(
        "from wagtail import urls as wagtail_urls\n",
        "from wagtail import urls as wagtail_urls\n"
        "from wagtail.api.v3.urls import api as api_v3\n",
        1,
    )
    text, count = re.subn(
        r'(\n\s+path\("", include\(wagtail_urls\)\),)',
        '\n    path("api/v3/", api_v3.urls),'
        '\n    path("campagnes/", include("campaign.urls")),'
        r"\1",
        text,
        count=1,
    )
    if count != 1 or "import api as api_v3" not in text:
        raise RuntimeError(f"Wagtail's page URLs not found in {urls}")
    urls.write_text(text, encoding="utf-8")
