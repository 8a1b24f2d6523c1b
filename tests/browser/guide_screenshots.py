"""The screenshots of the guide (home/static/home/guide/), taken in Chromium
on the demo site: `make guide-screenshots` serves a fresh demo database and
runs this script against it.

    python tests/browser/guide_screenshots.py http://127.0.0.1:8765

It walks the journeys the guide tells, as the demo's « communicant » and
« editeur » (password « persev-demo »): writes Wednesday, submits it, shows
the import and the establishment forms, approves Wednesday, shows « Programmer
la semaine », the publication calendar, a late day and « Créer l'édition
suivante ». Each screenshot is 1024 pixels wide, reduced to 256 colours.
"""

import datetime as dt
import io
import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "persev_site.settings.dev")
OUT = ROOT / "home" / "static" / "home" / "guide"
PASSWORD = "persev-demo"
WIDTH, HEIGHT = 1024, 720


def late_thursday():
    """Thursday, approved and scheduled ten minutes ago but not live: what
    the calendar shows when the scheduler does not run."""
    from django.utils import timezone

    from campaign.models import CampaignDayPage, CampaignPage
    from tests.builders import DEMO_SLUG

    campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
    date = campaign.start_date + dt.timedelta(days=3)
    day = CampaignDayPage.objects.child_of(campaign).filter(date=date).first()
    if day is None:
        day = CampaignDayPage(date=date, title="", live=False)
        campaign.add_child(instance=day)
    revision = day.save_revision()
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=10)
    revision.save(update_fields=["approved_go_live_at"])
    return campaign.pk


def save(tab, name):
    from PIL import Image

    png = tab.screenshot(full_page=False)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(OUT / name, optimize=True)
    print(f"{name} : {(OUT / name).stat().st_size // 1024} Ko")  # noqa: T201


def main(base):
    from playwright.sync_api import sync_playwright

    django.setup()
    from django.urls import reverse

    campaign_id = late_thursday()
    OUT.mkdir(parents=True, exist_ok=True)
    edit_campaign = base + reverse("wagtailadmin_pages:edit", args=[campaign_id])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")

        def session(username):
            context = browser.new_context(
                viewport={"width": WIDTH, "height": HEIGHT}, locale="fr-FR"
            )
            context.set_default_timeout(20_000)
            tab = context.new_page()
            tab.goto(base + reverse("wagtailadmin_login"))
            tab.fill('input[name="username"]', username)
            tab.fill('input[name="password"]', PASSWORD)
            tab.click('button[type="submit"]')
            tab.wait_for_url(lambda url: "/login/" not in url)
            return context, tab

        # The communicant writes Wednesday, from the campaign's calendar.
        context, tab = session("communicant")
        tab.goto(edit_campaign)
        tab.get_by_role("link", name="Écrire cette journée").first.click()
        tab.wait_for_url(lambda url: "/add/" in url)
        tab.locator("button[title='Insérer un bloc']").first.click()
        tab.wait_for_timeout(500)
        save(tab, "ecrire-une-journee.png")
        tab.keyboard.press("Escape")
        tab.get_by_role("button", name="Enregistrer le brouillon").click()
        tab.wait_for_url(lambda url: "/edit/" in url)
        day_edit = tab.url

        # Submits it.
        tab.locator(
            "footer .dropdown-toggle, [data-w-dropdown-target='toggle']"
        ).last.click()
        tab.wait_for_timeout(400)
        save(tab, "soumettre.png")
        tab.get_by_role("button", name="Soumettre à la relecture").click()
        tab.wait_for_load_state()

        tab.goto(base + reverse("campaign_admin:import_newsletter", args=[campaign_id]))
        save(tab, "importer-une-lettre.png")
        tab.goto(base + reverse("wagtailsnippets_campaign_establishment:add"))
        save(tab, "ajouter-un-etablissement.png")
        context.close()

        # The éditeur approves Wednesday and schedules the week.
        context, tab = session("editeur")
        tab.goto(day_edit)
        tab.locator(
            "footer .dropdown-toggle, [data-w-dropdown-target='toggle']"
        ).last.click()
        tab.wait_for_timeout(400)
        save(tab, "approuver.png")
        tab.get_by_role("button", name="Approuver", exact=True).click()
        tab.wait_for_load_state()
        tab.goto(base + reverse("campaign_admin:schedule_week", args=[campaign_id]))
        save(tab, "programmer-la-semaine.png")
        tab.goto(edit_campaign)
        tab.locator(
            "text=Calendrier de publication des journées"
        ).scroll_into_view_if_needed()
        save(tab, "calendrier.png")
        tab.locator("text=en retard").first.scroll_into_view_if_needed()
        save(tab, "journee-en-retard.png")
        tab.goto(base + reverse("campaign_admin:next_edition", args=[campaign_id]))
        save(tab, "edition-suivante.png")
        context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
