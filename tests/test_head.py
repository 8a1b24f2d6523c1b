"""HEAD gets the headers a GET would, and no body, on every kind of answer
(persev_site.middleware.HeadWithoutBodyMiddleware): gunicorn sends whatever
body it is given, and a client keeping the connection open would read it as
the next answer."""

from django.test import TestCase, override_settings

from campaign.authoring.demo import load_demo
from campaign.models import CampaignPage
from tests.builders import DEMO_SLUG, home_page
from tests.http_serving import served


class TestHeadHasNoBody(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.paths = [
            "/",
            campaign.url,
            campaign.get_children().live().first().url,
            f"/campagnes/{DEMO_SLUG}/flux.rss",
            f"/campagnes/{DEMO_SLUG}/widget.js",
            f"/campagnes/{DEMO_SLUG}/actions/",
            "/api/v3/campaigns/",
            "/robots.txt",
            "/pas-une-page/",  # the 404 page
        ]

    def test_same_status_and_length_as_get_without_body(self):
        for path in self.paths:
            with self.subTest(path=path):
                get = served("GET", path)
                head = served("HEAD", path)
                self.assertEqual(head.status_code, get.status_code)
                self.assertEqual(head["Content-Type"], get["Content-Type"])
                self.assertTrue(get.content)
                self.assertEqual(head.content, b"")
                self.assertEqual(head["Content-Length"], str(len(get.content)))

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_from_the_page_cache(self):
        from django.core.cache import cache

        cache.clear()
        get = served("GET", "/")
        self.assertEqual(get["X-Cache"], "MISS")
        head = served("HEAD", "/")
        self.assertEqual(head["X-Cache"], "HIT")
        self.assertEqual(head.content, b"")
        self.assertEqual(head["Content-Length"], str(len(get.content)))
        # The cached entry keeps its body for the next GET.
        self.assertEqual(served("GET", "/").content, get.content)

    def test_get_keeps_its_body(self):
        self.assertIn(b"<html", served("GET", "/").content)


class TestHeadOnAStreamedFile(TestCase):
    def test_document(self):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        document = get_document_model().objects.create(
            title="Programme", file=ContentFile(b"x" * 5000, name="programme.pdf")
        )
        # Public once a live page links it (a document no page uses is 404).
        home = home_page()
        home.intro = f'<p><a linktype="document" id="{document.pk}">Programme</a></p>'
        home.save_revision().publish()
        get = served("GET", document.url)
        head = served("HEAD", document.url)
        self.assertEqual(get.status_code, 200)
        self.assertEqual(b"".join(get.streaming_content), b"x" * 5000)
        self.assertEqual(head.status_code, 200)
        self.assertEqual(head["Content-Length"], "5000")
        self.assertEqual(b"".join(head.streaming_content), b"")
        get.close()
        head.close()


class TestHeadOnFindability(TestCase):
    """The site's robots.txt and sitemap.xml answer HEAD as GET, without body."""

    def test_robots_and_sitemap(self):
        for path in ("/robots.txt", "/sitemap.xml"):
            with self.subTest(path=path):
                get = served("GET", path)
                head = served("HEAD", path)
                self.assertEqual(head.status_code, 200)
                self.assertEqual(head["Content-Type"], get["Content-Type"])
                self.assertEqual(head["Content-Length"], str(len(get.content)))
                self.assertEqual(head.content, b"")
                self.assertEqual(self.client.post(path).status_code, 405)
