"""The anonymous visitors' page cache (persev_site/page_cache/middleware.py)
and each way its pages are dropped (persev_site/page_cache/invalidation.py).

The cache is off in the test settings (a TestCase never commits, so nothing
would ever drop a page); these tests turn it on and run the on-commit
invalidations with captureOnCommitCallbacks, as a real commit would.
"""

import datetime as dt
import tempfile
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from campaign.models import CampaignDayPage, PartnerSettings
from persev_site.page_cache import checks as page_cache_checks
from persev_site.page_cache import middleware as page_cache
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    zoom_block,
)
from tests.campaign.partner_data import WEEK_SLUG, api, load_week
from tests.html_reading import hrefs, visible_text
from tests.http_serving import served

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
PARTNER = "https://www.ac-poitiers.fr"
PARIS = ZoneInfo("Europe/Paris")


def paris(date, hour, minute=0):
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=PARIS)


def text_of(response):
    return visible_text(response.content.decode())


def generation():
    return cache.get(page_cache.GENERATION_KEY)


@override_settings(PAGE_CACHE_SECONDS=300)
class PageCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lycee = add_establishment("Lycée Camille Guérin", "Poitiers", "86")
        cls.campaign = add_campaign(slug="semaine-cache", title="Semaine du cache")
        cls.monday = add_day(
            cls.campaign,
            MONDAY,
            [
                zoom_block("Les cordées de la réussite", "<p>Le texte du lundi.</p>"),
                actions_block(action("Un forum des métiers", [cls.lycee])),
            ],
        )

    def setUp(self):
        cache.clear()

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def assertHit(self, response):
        self.assertEqual(response.get("X-Cache"), "HIT")

    def assertMiss(self, response):
        self.assertEqual(response.get("X-Cache"), "MISS")

    def assertNotCached(self, url, **kwargs):
        """Two requests: neither is answered from the cache."""
        for _ in range(2):
            response = self.get(url, **kwargs)
            self.assertNotEqual(response.get("X-Cache"), "HIT", url)
        return response

    def warm(self, *urls):
        """Put `urls` in the cache and check that they are hits."""
        for url in urls:
            self.get(url)
            self.assertHit(self.get(url))

    def commit(self):
        """Run what a commit would run (the invalidations) for the block's changes."""
        return self.captureOnCommitCallbacks(execute=True)

    def fresh(self, page):
        return page.__class__.objects.get(pk=page.pk)


class TestServing(PageCacheTestCase):
    def test_second_anonymous_get_is_a_hit_without_sql(self):
        url = self.monday.url
        first = self.get(url)
        self.assertEqual(first.status_code, 200)
        self.assertMiss(first)
        with self.assertNumQueries(0):
            second = self.get(url)
        self.assertHit(second)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.content, first.content)
        self.assertIn("Les cordées de la réussite", text_of(second))

    def test_a_hit_keeps_the_security_headers(self):
        first = self.get(self.monday.url)
        second = self.get(self.monday.url)
        self.assertHit(second)
        for header in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "Referrer-Policy",
            "Permissions-Policy",
            "X-Content-Type-Options",
            "Content-Type",
            "Content-Language",
        ):
            self.assertEqual(second.get(header), first.get(header), header)
            self.assertTrue(second.get(header), header)

    def test_head_is_answered_from_the_get_entry(self):
        url = self.campaign.url
        response = self.client.head(url)
        self.assertEqual(response.status_code, 200)
        self.assertMiss(response)
        self.assertMiss(self.get(url))  # a HEAD stores nothing
        with self.assertNumQueries(0):
            response = self.client.head(url)
        self.assertHit(response)
        self.assertEqual(response.content, b"")

    def test_every_anonymous_page_kind_is_cached(self):
        urls = [
            "/",
            self.campaign.url,
            self.monday.url,
            f"/campagnes/{self.campaign.slug}/actions/",
            f"/campagnes/{self.campaign.slug}/flux.rss",
            f"/campagnes/{self.campaign.slug}/semaine.ics",
            f"/api/v3/campaigns/{self.campaign.slug}/days/{MONDAY}/",
            "/sitemap.xml",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertMiss(self.get(url))
                with self.assertNumQueries(0):
                    self.assertHit(self.get(url))

    def test_query_strings_are_keyed_in_any_order(self):
        base = f"/campagnes/{self.campaign.slug}/actions/"
        self.assertMiss(self.get(f"{base}?department=86&academie="))
        self.assertHit(self.get(f"{base}?academie=&department=86"))
        self.assertMiss(self.get(f"{base}?department=33"))
        self.assertMiss(self.get(base))

    def test_pages_cached_yesterday_are_not_served_today(self):
        # "Today", "to come", "no day published": a page changes at midnight.
        with time_machine.travel(paris(WEDNESDAY, 23, 58), tick=False):
            self.warm(self.campaign.url)
        with time_machine.travel(paris(WEDNESDAY + dt.timedelta(days=1), 0, 1)):
            self.assertMiss(self.get(self.campaign.url))

    def test_a_csrf_cookie_alone_changes_nothing(self):
        self.get(self.monday.url)
        self.client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
        self.assertHit(self.get(self.monday.url))


class TestNeverCached(PageCacheTestCase):
    def test_logged_in_users_neither_read_nor_fill_the_cache(self):
        user = get_user_model().objects.create_superuser("admin", "a@example.org")
        url = self.monday.url
        self.get(url)  # cached for anonymous visitors
        self.client.force_login(user)
        for _ in range(2):
            response = self.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("X-Cache", response.headers)
        # What a logged-in editor was shown never reaches anonymous visitors.
        cache.clear()
        self.get(url)
        self.client.logout()
        self.assertMiss(self.get(url))

    def test_other_cookies_and_credentials_bypass_the_cache(self):
        url = self.monday.url
        self.get(url)
        self.assertHit(self.get(url))
        self.client.cookies["messages"] = "x"
        self.assertNotIn("X-Cache", self.get(url).headers)
        del self.client.cookies["messages"]
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
        self.assertNotIn("X-Cache", self.get(url).headers)
        del self.client.cookies[settings.SESSION_COOKIE_NAME]
        api = f"/api/v3/campaigns/{self.campaign.slug}/days/{MONDAY}/"
        self.get(api)
        response = self.get(api, headers={"Authorization": "Bearer x"})
        self.assertNotIn("X-Cache", response.headers)

    def test_errors_are_not_cached(self):
        self.assertNotCached("/pas-de-page-ici/")
        self.assertNotCached(f"{self.campaign.url}2021-02-09/")

    def test_answers_that_set_a_cookie_are_not_cached(self):
        # A password-protected page answers a form, with a CSRF cookie.
        restriction = PageViewRestriction.objects.create(
            page=self.monday, restriction_type="password", password="secret"
        )
        self.assertTrue(restriction.pk)
        response = self.assertNotCached(self.monday.url)
        self.assertNotIn("Les cordées de la réussite", text_of(response))
        self.assertTrue(response.cookies)

    def test_search_previews_admin_and_long_queries_are_not_cached(self):
        self.assertNotIn("X-Cache", self.get("/recherche/?q=cordées").headers)
        self.assertNotIn("X-Cache", self.get("/admin/login/").headers)
        self.assertNotIn(
            "X-Cache", self.get("/api/v3/campaigns/preview/?token=x").headers
        )
        long_query = "?department=86&x=" + "a" * page_cache.MAX_QUERY_LENGTH
        self.assertNotCached(f"/campagnes/{self.campaign.slug}/actions/{long_query}")

    def test_private_or_no_store_answers_are_not_stored(self):
        from django.http import HttpResponse
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        for value in ("private", "no-store, max-age=0", "public, no-store"):
            response = HttpResponse("x", headers={"Cache-Control": value})
            self.assertFalse(page_cache._storable(request, response), value)
        response = HttpResponse("x", headers={"Vary": "User-Agent"})
        self.assertFalse(page_cache._storable(request, response))
        response = HttpResponse("x", headers={"Cache-Control": "public, max-age=0"})
        self.assertTrue(page_cache._storable(request, response))

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_it_off(self):
        for _ in range(2):
            self.assertNotIn("X-Cache", self.get(self.monday.url).headers)


class TestPartnerEndpoints(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        partner = PartnerSettings.for_site(Site.objects.get(is_default_site=True))
        partner.allowed_origins = PARTNER
        partner.save()
        cls.api = f"/api/v3/campaigns/{cls.campaign.slug}/days/{MONDAY}/"

    def test_a_conditional_request_on_a_hit_gets_304(self):
        first = self.get(self.api)
        self.assertMiss(first)
        etag, modified = first["ETag"], first["Last-Modified"]
        with self.assertNumQueries(0):
            response = self.get(self.api, headers={"If-None-Match": etag})
        self.assertHit(response)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response["ETag"], etag)
        self.assertEqual(response.content, b"")
        response = self.get(self.api, headers={"If-Modified-Since": modified})
        self.assertEqual(response.status_code, 304)
        response = self.get(self.api, headers={"If-None-Match": '"autre"'})
        self.assertHit(response)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["date"], MONDAY.isoformat())

    def test_cors_headers_follow_the_origin_of_each_request(self):
        self.get(self.api)  # cached without Origin
        response = self.get(self.api, headers={"Origin": PARTNER})
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)
        with self.assertNumQueries(0):
            response = self.get(self.api, headers={"Origin": PARTNER})
        self.assertHit(response)
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)
        self.assertIn("Origin", response["Vary"])
        for headers in ({"Origin": "https://evil.example"}, {}):
            response = self.get(self.api, headers=headers)
            self.assertNotIn("Access-Control-Allow-Origin", response.headers)
            response = self.get(self.api, headers=headers)
            self.assertHit(response)
            self.assertNotIn("Access-Control-Allow-Origin", response.headers)
        # A 304 from the cache carries the CORS headers, as an uncached one does.
        etag = response["ETag"]
        response = self.get(
            self.api, headers={"Origin": PARTNER, "If-None-Match": etag}
        )
        self.assertHit(response)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)


class TestInvalidation(PageCacheTestCase):
    """Each change drops the cached pages that show it, once committed."""

    def pages(self):
        return ["/", self.campaign.url, self.monday.url]

    def test_publishing_a_day_shows_it_everywhere(self):
        tuesday = add_day(
            self.campaign,
            TUESDAY,
            [zoom_block("Les réseaux FOQUALE", "<p>b</p>")],
            live=False,
        )
        self.warm(*self.pages())
        with self.commit():
            tuesday.save_revision().publish()
        tuesday = self.fresh(tuesday)
        home, campaign = self.get("/"), self.get(self.campaign.url)
        for response in (home, campaign):
            self.assertMiss(response)
            self.assertIn(tuesday.url, hrefs(response.content.decode()))
            self.assertIn("ZOOM du jour : Les réseaux FOQUALE", text_of(response))
        self.assertIn("Les réseaux FOQUALE", text_of(self.get(tuesday.url)))

    def test_publishing_a_new_version_of_a_day(self):
        self.warm(*self.pages())
        monday = self.fresh(self.monday)
        monday.body = [zoom_block("Un nouveau zoom", "<p>Nouveau texte.</p>")]
        with self.commit():
            monday.save_revision().publish()
        for url in self.pages():
            response = self.get(url)
            self.assertMiss(response)
            self.assertIn("Un nouveau zoom", text_of(response), url)
            self.assertNotIn("Les cordées de la réussite", text_of(response), url)

    def test_the_invalidation_waits_for_the_commit(self):
        self.warm(self.monday.url)
        before = generation()
        with self.captureOnCommitCallbacks() as callbacks:
            self.fresh(self.monday).unpublish()
            # Not yet committed: readers still get the committed page.
            self.assertEqual(generation(), before)
            self.assertHit(self.get(self.monday.url))
        for callback in callbacks:
            callback()
        self.assertNotEqual(generation(), before)
        self.assertEqual(self.get(self.monday.url).status_code, 404)

    def test_unpublishing_a_day(self):
        self.warm(*self.pages())
        url = self.monday.url
        with self.commit():
            self.fresh(self.monday).unpublish()
        self.assertEqual(self.get(url).status_code, 404)
        for page in ("/", self.campaign.url):
            response = self.get(page)
            self.assertMiss(response)
            self.assertNotIn(url, hrefs(response.content.decode()))
            self.assertNotIn("Les cordées de la réussite", text_of(response))

    @mock.patch("campaign.management.commands.run_scheduler.close_old_connections")
    def test_scheduled_go_live_by_the_scheduler(self, _close_old_connections):
        tuesday = add_day(
            self.campaign,
            TUESDAY,
            [zoom_block("Les réseaux FOQUALE", "<p>b</p>")],
            live=False,
        )
        # Cached at 07:58, due at 08:00, the scheduler passes at 08:01: within
        # the cache's five minutes, on the same day (a new day is a new key).
        with time_machine.travel(paris(WEDNESDAY, 7, 58), tick=False):
            tuesday.go_live_at = paris(WEDNESDAY, 8)
            tuesday.save_revision().publish()
            self.assertFalse(self.fresh(tuesday).live)
            self.warm(*self.pages())
        with time_machine.travel(paris(WEDNESDAY, 8, 1), tick=False):
            self.assertHit(self.get(self.campaign.url))
            with self.commit():
                call_command("run_scheduler", "--once", stdout=StringIO())
            tuesday = self.fresh(tuesday)
            self.assertTrue(tuesday.live)
            for url in ("/", self.campaign.url):
                response = self.get(url)
                self.assertMiss(response)
                self.assertIn(tuesday.url, hrefs(response.content.decode()))
                self.assertIn("ZOOM du jour : Les réseaux FOQUALE", text_of(response))

    @mock.patch("campaign.management.commands.run_scheduler.close_old_connections")
    def test_expiry_by_the_scheduler(self, _close_old_connections):
        CampaignDayPage.objects.filter(pk=self.monday.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1)
        )
        self.warm(*self.pages())
        with self.commit():
            call_command("run_scheduler", "--once", stdout=StringIO())
        self.assertTrue(self.fresh(self.monday).expired)
        self.assertEqual(self.get(self.monday.url).status_code, 404)
        response = self.get(self.campaign.url)
        self.assertMiss(response)
        self.assertNotIn(self.monday.url, hrefs(response.content.decode()))

    def test_renaming_an_establishment(self):
        actions = f"/campagnes/{self.campaign.slug}/actions/"
        self.warm(self.monday.url, actions)
        self.assertIn("Lycée Camille Guérin", text_of(self.get(self.monday.url)))
        with self.commit():
            self.lycee.name = "Lycée Aliénor d’Aquitaine"
            self.lycee.save()
        for url in (self.monday.url, actions):
            response = self.get(url)
            self.assertMiss(response)
            self.assertIn("Lycée Aliénor d’Aquitaine", text_of(response), url)
            self.assertNotIn("Lycée Camille Guérin", text_of(response), url)

    def test_deleting_an_establishment(self):
        self.warm(self.monday.url)
        with self.commit():
            self.lycee.delete()
        response = self.get(self.monday.url)
        self.assertMiss(response)
        self.assertNotIn("Lycée Camille Guérin", text_of(response))

    def test_editing_the_partner_settings(self):
        api = f"/api/v3/campaigns/{self.campaign.slug}/days/{MONDAY}/"
        self.warm(api)
        response = self.get(api, headers={"Origin": PARTNER})
        self.assertHit(self.get(api, headers={"Origin": PARTNER}))
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)
        with self.commit():
            partner = PartnerSettings.for_site(Site.objects.get(is_default_site=True))
            partner.allowed_origins = PARTNER
            partner.save()
        response = self.get(api, headers={"Origin": PARTNER})
        self.assertMiss(response)
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)

    def test_deleting_a_day(self):
        self.warm(*self.pages())
        url = self.monday.url
        with self.commit():
            self.fresh(self.monday).delete()
        self.assertEqual(self.get(url).status_code, 404)
        response = self.get(self.campaign.url)
        self.assertMiss(response)
        self.assertNotIn(url, hrefs(response.content.decode()))

    @override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False)
    def test_moving_a_day(self):
        other = add_campaign(slug="autre-semaine", title="Une autre semaine")
        self.warm(*self.pages(), other.url)
        url = self.monday.url
        with self.commit():
            self.fresh(self.monday).move(other, pos="last-child")
        self.assertEqual(self.get(url).status_code, 404)
        moved = self.fresh(self.monday)
        response = self.get(other.url)
        self.assertMiss(response)
        self.assertIn(moved.url, hrefs(response.content.decode()))

    @override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False)
    def test_changing_the_slug_of_a_live_page(self):
        # Saved without publishing (as code may do): only page_slug_changed
        # tells. (Without the automatic redirect, whose saving would tell too.)
        self.warm(*self.pages())
        old_url = self.monday.url
        with self.commit():
            monday = self.fresh(self.monday)
            monday.slug = "lundi-renomme"
            monday.save()
        self.assertEqual(self.get(old_url).status_code, 404)
        response = self.get(self.campaign.url)
        self.assertMiss(response)
        self.assertIn(self.fresh(self.monday).url, hrefs(response.content.decode()))

    def test_making_a_page_private(self):
        self.warm(self.monday.url)
        with self.commit():
            PageViewRestriction.objects.create(
                page=self.monday, restriction_type="password", password="secret"
            )
        response = self.get(self.monday.url)
        self.assertNotIn("Les cordées de la réussite", text_of(response))

    def test_scheduling_and_unscheduling_a_revision(self):
        # A live day's next version, scheduled: Wagtail sends no publication
        # signal. Nothing public shows it yet, but a template could.
        self.warm(self.monday.url)
        before = generation()
        monday = self.fresh(self.monday)
        monday.go_live_at = timezone.now() + dt.timedelta(days=1)
        with self.commit():
            revision = monday.save_revision()
            revision.publish()
        self.assertIsNotNone(revision.approved_go_live_at)
        scheduled = generation()
        self.assertNotEqual(scheduled, before)
        self.assertMiss(self.get(self.monday.url))
        with self.commit():  # "Annuler la programmation" in the admin
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
        self.assertNotEqual(generation(), scheduled)
        self.assertMiss(self.get(self.monday.url))

    def test_saving_a_draft_drops_nothing(self):
        self.warm(self.monday.url)
        before = generation()
        with self.commit():
            monday = self.fresh(self.monday)
            monday.body = [zoom_block("Un brouillon", "<p>x</p>")]
            draft = monday.save_revision()
            # Autosave overwrites the editor's own latest revision.
            monday.body = [zoom_block("Un brouillon autosauvegardé", "<p>y</p>")]
            monday.save_revision(overwrite_revision=draft)
        self.assertEqual(generation(), before)
        response = self.get(self.monday.url)
        self.assertHit(response)
        self.assertNotIn("Un brouillon", text_of(response))

    def test_moving_a_day_leaves_a_redirect(self):
        self.warm(self.monday.url)
        other = add_campaign(slug="autre-semaine", title="Une autre semaine")
        with self.commit():
            self.fresh(self.monday).move(other, pos="last-child")
        response = self.get(self.monday.url)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.fresh(self.monday).url)

    def test_sites_images_documents_and_redirects(self):
        site = Site.objects.get(is_default_site=True)
        image_model, document_model = get_image_model(), get_document_model()
        changes = {
            "site": lambda: site.save(),
            "image": lambda: image_model.objects.create(
                title="Logo", file=get_test_image_file()
            ),
            "image deleted": lambda: image_model.objects.get().delete(),
            "document": lambda: document_model.objects.create(title="Programme"),
            "redirect": lambda: Redirect.objects.create(
                old_path="/ancienne", redirect_page=self.monday
            ),
        }
        for name, change in changes.items():
            with self.subTest(name):
                self.warm(self.monday.url)
                before = generation()
                with self.commit():
                    change()
                self.assertNotEqual(generation(), before)
                self.assertMiss(self.get(self.monday.url))

    def test_a_lost_generation_starts_a_new_one(self):
        self.warm(self.monday.url)
        cache.delete(page_cache.GENERATION_KEY)
        self.assertMiss(self.get(self.monday.url))
        self.assertHit(self.get(self.monday.url))
        cache.delete(page_cache.GENERATION_KEY)
        page_cache.invalidate()
        self.assertIsNotNone(generation())
        self.assertMiss(self.get(self.monday.url))


PROCESS_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}


class TestProcessesWithoutPageCache(PageCacheTestCase):
    """A process with the page cache off (the scheduler, say) still drops the
    pages other processes cached in a shared cache; not with its own cache."""

    def publish_tuesday(self):
        tuesday = add_day(self.campaign, TUESDAY, live=False)
        with self.captureOnCommitCallbacks() as callbacks:
            tuesday.save_revision().publish()
        return [c for c in callbacks if c is page_cache.invalidate]

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_a_shared_cache_is_invalidated(self):
        with tempfile.TemporaryDirectory() as folder:
            shared = {
                "default": {
                    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                    "LOCATION": folder,
                }
            }
            with override_settings(CACHES=shared):
                self.assertTrue(self.publish_tuesday())
                self.assertEqual(page_cache_checks.check_shared_cache(), [])

    @override_settings(PAGE_CACHE_SECONDS=0, CACHES=PROCESS_CACHE)
    def test_a_cache_of_its_own_is_left_alone(self):
        self.assertEqual(self.publish_tuesday(), [])

    @override_settings(CACHES=PROCESS_CACHE)
    def test_a_cache_of_its_own_is_reported(self):
        warnings = page_cache_checks.check_shared_cache()
        self.assertEqual([w.id for w in warnings], ["persev_site.W001"])


@override_settings(PAGE_CACHE_SECONDS=300)
class TestHeadFromThePageCache(TestCase):
    """The anonymous page cache answers HEAD from a cached GET: without the
    body too, and a HEAD stores nothing."""

    @classmethod
    def setUpTestData(cls):
        load_week()

    def setUp(self):
        cache.clear()

    def test_head_hit_has_no_body(self):
        path = api(f"{WEEK_SLUG}/days/{MONDAY}/")
        miss = served("HEAD", path)
        self.assertEqual(miss["X-Cache"], "MISS")
        self.assertEqual(miss.content, b"")
        get = served("GET", path)
        self.assertEqual(get["X-Cache"], "MISS")  # the HEAD stored nothing
        hit = served("HEAD", path)
        self.assertEqual(hit["X-Cache"], "HIT")
        self.assertEqual(hit.status_code, 200)
        self.assertEqual(hit.content, b"")
        self.assertEqual(hit["Content-Length"], str(len(get.content)))
        self.assertEqual(hit["ETag"], get["ETag"])
        self.assertEqual(served("GET", path).content, get.content)  # entry intact
        unchanged = served("HEAD", path, if_none_match=get["ETag"])
        self.assertEqual(unchanged["X-Cache"], "HIT")
        self.assertEqual(unchanged.status_code, 304)
