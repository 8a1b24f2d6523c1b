"""No leak, on any channel: what is not public never reaches an anonymous reader.

The site of tests/not_public.py holds every kind of content that is not
public yet, each piece marked with a word of its own. Every public channel is
read as an anonymous client: the site's pages and redirects, the campaign API,
Wagtail's v3 endpoints with their parameters, the site search, the feeds, the
calendar, the widget, the site map, the actions and establishment pages, the
documents' download view and the e-mail of a day. No marker may appear in any
answer, body or header (Location!); and whatever is not public answers
exactly as something that never existed (same status, headers and body once
the request's own words, an id or a slug, are set aside).

Run on SQLite and on PostgreSQL (its search backend differs):
    make test TEST_ARGS=tests.test_no_leak
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> make test TEST_ARGS=tests.test_no_leak
"""

import datetime as dt
import re

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from campaign.models import CampaignDayPage, CampaignPage
from campaign.publishing import scheduler
from tests import not_public
from tests.builders import add_day, resource_link, resources_block, zoom_block
from tests.not_public import (
    DRAFT_CAMPAIGN_SLUG,
    FRIDAY,
    HIDDEN,
    LIVE_SLUG,
    PUBLIC,
    RECIPIENTS,
    THURSDAY,
    WEDNESDAY,
)

# An id no object of the fixture has, and words nothing is named.
MISSING_ID = 987654
ABSENT = "xqabsent"
API = "/api/v3"


def read(response):
    """Status, headers and body of an answer, lower-cased, as one text.
    (A streamed answer is read to its end, which closes it as the test client
    does; `response.close()` would close the database connection too.)"""
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    text = f"{response.status_code}\n{headers}\n\n{body.decode('utf-8', 'replace')}"
    return text.lower()


def set_aside(text, pairs):
    """`text` with the requests' own words set aside: each (hidden, missing)
    pair of words becomes the same placeholder, longest words first, and
    numbers only where they stand alone (id 7, not the 7 of 2021-02-07).
    Content-Length goes too: the words differ in length."""
    text = re.sub(r"^content-length: [0-9]+\n", "", text, flags=re.MULTILINE)
    words = [
        (str(word).lower(), f"<{number}>")
        for number, pair in enumerate(pairs)
        for word in pair
    ]
    for word, placeholder in sorted(words, key=lambda item: -len(item[0])):
        if word.isdigit():
            text = re.sub(rf"(?<![0-9]){word}(?![0-9])", placeholder, text)
        else:
            text = text.replace(word, placeholder)
    return text


class AnonymousReader:
    """Reading as an anonymous client, and the two assertions of this module."""

    def hidden_paths(self):
        return [page.url for page in self.site.hidden_pages.values()]

    def assertShowsNothingHidden(self, path, params=None):
        """Read `path`: no marker and no address of a page that is not public
        in the answer. Returns the response and its text."""
        response = self.client.get(path, params or {})
        text = read(response)
        shown = [name for name, marker in HIDDEN.items() if marker in text]
        shown += [url for url in self.hidden_paths() if url.lower() in text]
        self.assertEqual(
            shown, [], f"{path} {params or ''} ({response.status_code}) shows {shown}"
        )
        return response, text

    def assertLikeMissing(
        self,
        path,
        missing_path,
        params=None,
        missing_params=None,
        words=(),
        missing_words=(),
    ):
        """`path` answers as `missing_path`, which names nothing that exists:
        same status, headers and body, once each request's own words are
        set aside. Returns the text of the answer."""
        response = self.client.get(path, params or {})
        text = read(response)
        missing = self.client.get(missing_path, missing_params or params or {})
        missing_text = read(missing)
        pairs = list(zip([path, *words], [missing_path, *missing_words], strict=True))
        self.assertEqual(
            set_aside(text, pairs),
            set_aside(missing_text, pairs),
            f"{path} {params or ''} does not answer as {missing_path} "
            f"{missing_params or params or ''}",
        )
        return text


class NoLeakTestCase(AnonymousReader, TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.site = not_public.build()


class TestPagesAndRedirects(NoLeakTestCase):
    def test_public_pages_show_nothing_hidden(self):
        site = self.site
        for page in (
            site.campaign,
            site.live_day,
            site.changed_day,
            site.content_page,
        ):
            with self.subTest(page=page.title):
                response, text = self.assertShowsNothingHidden(page.url)
                self.assertEqual(response.status_code, 200)
        response, text = self.assertShowsNothingHidden("/")
        self.assertEqual(response.status_code, 200)
        response, text = self.assertShowsNothingHidden(site.live_day.url)
        self.assertIn(PUBLIC["live_day"], text)
        self.assertIn(f'href="{site.changed_day.url}"', text)
        response, text = self.assertShowsNothingHidden(site.changed_day.url)
        self.assertIn(PUBLIC["changed_day"], text)

    def test_pages_that_are_not_public_answer_as_missing_pages(self):
        for name, page in self.site.hidden_pages.items():
            path = page.url
            missing = path.rstrip("/").rsplit("/", 1)[0] + f"/{ABSENT}/"
            variants = [
                (path, missing, None),
                (path + "?", missing + "?", None),
                (path, missing, {"x": "1"}),
                (path, missing, {"format": "json"}),
                (path.rstrip("/"), missing.rstrip("/"), None),
            ]
            for hidden_path, missing_path, params in variants:
                with self.subTest(page=name, path=hidden_path, params=params):
                    text = self.assertLikeMissing(
                        hidden_path,
                        missing_path,
                        params,
                        words=[path],
                        missing_words=[missing],
                    )
                    self.assertFalse(text.startswith("200"), text[:200])

    def test_a_redirect_to_a_page_that_is_not_public_answers_as_a_missing_page(self):
        old_path = f"/{HIDDEN['redirect']}/"
        for params in (None, {"x": "1"}):
            with self.subTest(params=params):
                text = self.assertLikeMissing(old_path, f"/{ABSENT}/", params)
                self.assertTrue(text.startswith("404"), text[:200])
                self.assertNotIn(DRAFT_CAMPAIGN_SLUG, text)

    def test_a_redirect_to_a_public_page_still_redirects(self):
        from wagtail.contrib.redirects.models import Redirect

        Redirect.add_redirect("/ancien-lundi/", redirect_to=self.site.live_day)
        response = self.client.get("/ancien-lundi/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.site.live_day.url)


class TestWagtailPagesAPI(NoLeakTestCase):
    def walk(self, path, params=None):
        """Every item of a paginated listing, page after page."""
        items, offset = [], 0
        while True:
            response, _text = self.assertShowsNothingHidden(
                path, {**(params or {}), "limit": 20, "offset": offset}
            )
            self.assertEqual(response.status_code, 200, response.content[:300])
            body = response.json()
            items += body["items"]
            offset += 20
            if offset >= body["count"]:
                return items

    def test_listings_show_only_public_pages(self):
        public_ids = {
            page.pk
            for page in (
                self.site.campaign,
                self.site.live_day,
                self.site.changed_day,
                self.site.content_page,
            )
        }
        hidden_ids = {page.pk for page in self.site.hidden_pages.values()}
        for params in (
            {},
            {"type": "campaign.CampaignDayPage"},
            {"type": "campaign.CampaignPage"},
            {"type": "wagtailcore.Page"},
            {"type": ["campaign.CampaignDayPage", "campaign.CampaignPage"]},
            {"descendant_of": "root"},
            {"child_of": self.site.campaign.pk},
            {"descendant_of": self.site.campaign.pk},
            {"order": "-id"},
            {"order": "title"},
        ):
            with self.subTest(params=params):
                ids = {item["id"] for item in self.walk(f"{API}/pages/", params)}
                self.assertFalse(ids & hidden_ids)
        ids = {item["id"] for item in self.walk(f"{API}/pages/")}
        self.assertTrue(public_ids <= ids)

    def test_fields_and_other_parameters_reveal_nothing(self):
        for params in (
            {"fields": "*"},
            {"fields": "*,body"},
            {"fields": "_,id,title,draft_title"},
            {"rich_text_format": "db_html"},
            {"locale": "fr"},
            {"site": "localhost"},
            {"show_in_menus": "false"},
        ):
            with self.subTest(params=params):
                self.assertShowsNothingHidden(f"{API}/pages/", params)

    def test_details_of_public_pages_reveal_nothing(self):
        for page in (self.site.campaign, self.site.live_day, self.site.changed_day):
            for params in (
                None,
                {"version": "draft"},
                {"rich_text_format": "db_html"},
                {"rich_text_format": "markdown"},
                {"fields": "*"},
            ):
                with self.subTest(page=page.title, params=params):
                    self.assertShowsNothingHidden(f"{API}/pages/{page.pk}/", params)
        response, text = self.assertShowsNothingHidden(
            f"{API}/pages/{self.site.changed_day.pk}/"
        )
        self.assertIn(PUBLIC["changed_day"], text)

    def test_links_to_public_pages_and_documents_stay_in_every_format(self):
        tuesday, monday = self.site.changed_day, self.site.live_day
        document = self.site.documents["live_document"]
        expected = {
            "html": (f'href="{tuesday.url}"', f'href="{document.url}"'),
            "db_html": (  # as stored
                f'<a id="{tuesday.pk}" linktype="page">',
                f'<a id="{document.pk}" linktype="document">',
            ),
            "markdown": (f"]({tuesday.url})", f"]({document.url})"),
            "db_markdown": (
                f"](wagtail://page?id={tuesday.pk})",
                f"](wagtail://document?id={document.pk})",
            ),
        }
        for format, links in expected.items():
            with self.subTest(format=format):
                response, _text = self.assertShowsNothingHidden(
                    f"{API}/pages/{monday.pk}/", {"rich_text_format": format}
                )
                zoom = response.json()["body"][0]["value"]["body"]
                for link in links:
                    self.assertIn(link, zoom)

    def test_pages_that_are_not_public_answer_as_missing_ids(self):
        for name, page in self.site.hidden_pages.items():
            pk = page.pk
            cases = [
                (f"{API}/pages/{pk}/", f"{API}/pages/{MISSING_ID}/", None),
                (
                    f"{API}/pages/{pk}/",
                    f"{API}/pages/{MISSING_ID}/",
                    {"version": "draft"},
                ),
                (f"{API}/pages/find/", f"{API}/pages/find/", {"id": pk}),
                (f"{API}/pages/", f"{API}/pages/", {"child_of": pk}),
                (f"{API}/pages/", f"{API}/pages/", {"descendant_of": pk}),
                (f"{API}/pages/", f"{API}/pages/", {"ancestor_of": pk}),
                (f"{API}/pages/", f"{API}/pages/", {"translation_of": pk}),
                (f"{API}/pages/", f"{API}/pages/", {"id": pk}),
            ]
            for path, missing_path, params in cases:
                missing_params = params and {
                    key: (MISSING_ID if value == pk else value)
                    for key, value in params.items()
                }
                with self.subTest(page=name, path=path, params=params):
                    self.assertLikeMissing(
                        path,
                        missing_path,
                        params,
                        missing_params,
                        words=[pk],
                        missing_words=[MISSING_ID],
                    )

    def test_finding_a_page_by_path_or_slug_finds_nothing_hidden(self):
        for name, page in self.site.hidden_pages.items():
            path = page.url
            missing = path.rstrip("/").rsplit("/", 1)[0] + f"/{ABSENT}/"
            for key, value, missing_value in (
                ("html_path", path, missing),
                ("slug", page.slug, ABSENT),
                ("title", page.title, ABSENT),
            ):
                for endpoint in (f"{API}/pages/find/", f"{API}/pages/"):
                    if endpoint.endswith("find/") and key != "html_path":
                        continue
                    with self.subTest(page=name, endpoint=endpoint, key=key):
                        self.assertLikeMissing(
                            endpoint,
                            endpoint,
                            {key: value},
                            {key: missing_value},
                            words=[value],
                            missing_words=[missing_value],
                        )

    def test_search_finds_only_public_pages(self):
        for name, marker in HIDDEN.items():
            with self.subTest(marker=name):
                self.assertLikeMissing(
                    f"{API}/pages/",
                    f"{API}/pages/",
                    {"search": marker},
                    {"search": ABSENT},
                    words=[marker],
                    missing_words=[ABSENT],
                )
        # The search works: public words are found.
        response, _text = self.assertShowsNothingHidden(
            f"{API}/pages/", {"search": PUBLIC["live_day"]}
        )
        self.assertIn(
            self.site.live_day.pk, [item["id"] for item in response.json()["items"]]
        )

    def test_token_endpoints_and_the_api_description_reveal_nothing(self):
        for path in (
            f"{API}/sites/",
            f"{API}/sites/1/",
            f"{API}/schema/",
            f"{API}/schema/campaign.CampaignDayPage/",
            f"{API}/whoami/",
            f"{API}/snippets/campaign.Establishment/",
            f"{API}/openapi.json",
            f"{API}/docs/",
        ):
            with self.subTest(path=path):
                self.assertShowsNothingHidden(path)


class TestWagtailFilesAPI(NoLeakTestCase):
    KINDS = {
        "images": ("live_image", "scheduled_image", "orphan_image"),
        "documents": (
            "live_document",
            "content_document",
            "home_document",
            "draft_document",
            "scheduled_document",
            "changes_document",
        ),
    }

    def files(self, kind):
        store = self.site.images if kind == "images" else self.site.documents
        return {name: store[name] for name in self.KINDS[kind]}

    def test_listings_show_only_files_that_public_content_uses(self):
        for kind in self.KINDS:
            for params in ({}, {"fields": "*"}, {"order": "-id"}, {"order": "title"}):
                with self.subTest(kind=kind, params=params):
                    response, _text = self.assertShowsNothingHidden(
                        f"{API}/{kind}/", params
                    )
                    self.assertEqual(response.status_code, 200, response.content[:300])
                    listed = {item["id"] for item in response.json()["items"]}
                    expected = {
                        file.pk
                        for name, file in self.files(kind).items()
                        if name in PUBLIC
                    }
                    self.assertEqual(listed, expected)

    def test_every_file_address_is_absolute(self):
        """Partners use them from their own sites: images as documents, in
        Wagtail's endpoints and in the campaign's own (issue 19)."""
        live_image = self.site.images["live_image"]
        live_document = self.site.documents["live_document"]
        for kind, file, part in (
            ("images", live_image, live_image.file.name),
            ("documents", live_document, f"/documents/{live_document.pk}/"),
        ):
            for path in (f"{API}/{kind}/", f"{API}/{kind}/{file.pk}/"):
                with self.subTest(path=path):
                    answer = self.client.get(path, {"fields": "*"}).json()
                    items = answer.get("items", [answer])
                    urls = [item["meta"]["download_url"] for item in items]
                    self.assertTrue(urls)
                    for url in urls:
                        self.assertRegex(url, r"^http://[^/]+/")
                    self.assertTrue(any(part in url for url in urls))
        days = self.client.get(f"{API}/campaigns/{LIVE_SLUG}/days/").json()["items"]
        links = [
            link
            for day in days
            for block in day["body"]
            if block["type"] == "resources"
            for link in block["value"]["links"]
        ]
        document_urls = [
            link["url"]
            for link in links
            if f"/documents/{live_document.pk}/" in link["url"]
        ]
        image_urls = [link["image"]["url"] for link in links if link.get("image")]
        self.assertTrue(document_urls)
        self.assertTrue(image_urls)
        for url in document_urls + image_urls:
            self.assertRegex(url, r"^http://testserver/")

    def test_files_nothing_public_uses_answer_as_missing_ids(self):
        for kind in self.KINDS:
            for name, file in self.files(kind).items():
                if name not in HIDDEN:
                    continue
                pk = file.pk
                with self.subTest(kind=kind, file=name):
                    text = self.assertLikeMissing(
                        f"{API}/{kind}/{pk}/",
                        f"{API}/{kind}/{MISSING_ID}/",
                        words=[pk],
                        missing_words=[MISSING_ID],
                    )
                    self.assertTrue(text.startswith("404"), text[:200])
                for params, missing_params in (
                    ({"id": pk}, {"id": MISSING_ID}),
                    ({"title": file.title}, {"title": ABSENT}),
                    ({"search": HIDDEN[name]}, {"search": ABSENT}),
                ):
                    with self.subTest(kind=kind, file=name, params=params):
                        self.assertLikeMissing(
                            f"{API}/{kind}/",
                            f"{API}/{kind}/",
                            params,
                            missing_params,
                            words=[*params.values()],
                            missing_words=[*missing_params.values()],
                        )

    def test_public_files_are_listed_found_and_detailed(self):
        for kind in self.KINDS:
            for name, file in self.files(kind).items():
                if name not in PUBLIC:
                    continue
                with self.subTest(kind=kind, file=name):
                    response, _text = self.assertShowsNothingHidden(
                        f"{API}/{kind}/{file.pk}/"
                    )
                    self.assertEqual(response.status_code, 200)
                    response, _text = self.assertShowsNothingHidden(
                        f"{API}/{kind}/", {"search": PUBLIC[name]}
                    )
                    self.assertEqual(
                        [item["id"] for item in response.json()["items"]], [file.pk]
                    )

    def test_markers_in_every_search_find_nothing(self):
        for kind in self.KINDS:
            for name, marker in HIDDEN.items():
                with self.subTest(kind=kind, marker=name):
                    self.assertLikeMissing(
                        f"{API}/{kind}/",
                        f"{API}/{kind}/",
                        {"search": marker},
                        {"search": ABSENT},
                        words=[marker],
                        missing_words=[ABSENT],
                    )

    def test_a_token_keeps_what_wagtail_gives_it(self):
        user = get_user_model().objects.create_superuser(
            "editeur", "editeur@example.org", "x"
        )
        _token, key = APIToken.create_token(user=user, name="test")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        for kind in self.KINDS:
            with self.subTest(kind=kind):
                response = self.client.get(f"{API}/{kind}/", **auth)
                self.assertEqual(response.status_code, 200)
                listed = {item["id"] for item in response.json()["items"]}
                self.assertEqual(
                    listed, {file.pk for file in self.files(kind).values()}
                )
                hidden = self.files(kind)[
                    "scheduled_image" if kind == "images" else "scheduled_document"
                ]
                response = self.client.get(f"{API}/{kind}/{hidden.pk}/", **auth)
                self.assertEqual(response.status_code, 200)


class TestFilesQueryCount(NoLeakTestCase):
    """Deciding which files are public costs the same whatever their number."""

    def count_queries(self, path):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return len(queries), response.json()["count"]

    def test_listing_queries_do_not_grow_with_the_files(self):
        before = {
            kind: self.count_queries(f"{API}/{kind}/")
            for kind in ("images", "documents")
        }
        images = [not_public.image(f"xqplus{n}") for n in range(4)]
        documents = [not_public.document(f"xqplusdoc{n}") for n in range(4)]
        add_day(
            self.site.campaign,
            FRIDAY,
            [
                resources_block(
                    *(
                        resource_link(f"Lien {n}", document=document)
                        | {"image": image.pk}
                        for n, (image, document) in enumerate(
                            zip(images, documents, strict=True)
                        )
                    )
                )
            ],
        )
        for kind in ("images", "documents"):
            with self.subTest(kind=kind):
                queries, count = self.count_queries(f"{API}/{kind}/")
                self.assertEqual(count, before[kind][1] + 4)
                self.assertEqual(queries, before[kind][0])


class TestWagtailRedirectsAPI(NoLeakTestCase):
    def test_a_token_reads_the_redirects(self):
        user = get_user_model().objects.create_superuser(
            "editeur", "editeur@example.org", "x"
        )
        _token, key = APIToken.create_token(user=user, name="test")
        response = self.client.get(
            f"{API}/redirects/", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [item["id"] for item in response.json()["items"]], [self.site.redirect.pk]
        )

    def test_redirects_reveal_nothing(self):
        redirect = self.site.redirect
        self.assertShowsNothingHidden(f"{API}/redirects/")
        self.assertLikeMissing(
            f"{API}/redirects/{redirect.pk}/",
            f"{API}/redirects/{MISSING_ID}/",
            words=[redirect.pk],
            missing_words=[MISSING_ID],
        )
        self.assertLikeMissing(
            f"{API}/redirects/find/",
            f"{API}/redirects/find/",
            {"id": redirect.pk},
            {"id": MISSING_ID},
            words=[redirect.pk],
            missing_words=[MISSING_ID],
        )
        self.assertLikeMissing(
            f"{API}/redirects/find/",
            f"{API}/redirects/find/",
            {"html_path": redirect.old_path},
            {"html_path": f"/{ABSENT}/"},
            words=[redirect.old_path],
            missing_words=[f"/{ABSENT}/"],
        )


class TestCampaignChannels(NoLeakTestCase):
    def test_campaign_api_shows_live_days_only(self):
        base = f"{API}/campaigns"
        self.assertShowsNothingHidden(f"{base}/")
        for params in (
            {},
            {"department": "23"},
            {"department": "24"},
            {"academie": "limoges"},
            {"academie": "bordeaux"},
            {"date": WEDNESDAY.isoformat()},
            {"date": THURSDAY.isoformat()},
            {"limit": 1, "offset": 1},
        ):
            with self.subTest(params=params):
                self.assertShowsNothingHidden(f"{base}/{LIVE_SLUG}/days/", params)
        for date in (WEDNESDAY, THURSDAY):
            with self.subTest(date=date):
                self.assertLikeMissing(
                    f"{base}/{LIVE_SLUG}/days/{date}/",
                    f"{base}/{LIVE_SLUG}/days/{FRIDAY}/",
                    words=[date],
                    missing_words=[FRIDAY],
                )
        for day in (self.site.live_day, self.site.changed_day):
            with self.subTest(day=day.title):
                response, text = self.assertShowsNothingHidden(
                    f"{base}/{LIVE_SLUG}/days/{day.date}/"
                )
                self.assertEqual(response.status_code, 200)
        for suffix in ("days/", "days/2021-02-01/"):
            with self.subTest(suffix=suffix):
                self.assertLikeMissing(
                    f"{base}/{DRAFT_CAMPAIGN_SLUG}/{suffix}",
                    f"{base}/{ABSENT}/{suffix}",
                    words=[DRAFT_CAMPAIGN_SLUG],
                    missing_words=[ABSENT],
                )

    def test_feeds_calendar_and_widget_show_live_days_only(self):
        for name in (
            "flux.rss",
            "flux.atom",
            "flux.json",
            "semaine.ics",
            "widget.js",
            "widget/",
        ):
            with self.subTest(endpoint=name):
                response, text = self.assertShowsNothingHidden(
                    f"/campagnes/{LIVE_SLUG}/{name}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertLikeMissing(
                    f"/campagnes/{DRAFT_CAMPAIGN_SLUG}/{name}",
                    f"/campagnes/{ABSENT}/{name}",
                    words=[DRAFT_CAMPAIGN_SLUG],
                    missing_words=[ABSENT],
                )
        _response, text = self.assertShowsNothingHidden(
            f"/campagnes/{LIVE_SLUG}/flux.json"
        )
        self.assertIn(PUBLIC["live_day"], text)

    def test_actions_page_shows_live_actions_only(self):
        path = f"/campagnes/{LIVE_SLUG}/actions/"
        for params in (
            {},
            {"department": "23"},
            {"department": "24"},
            {"academie": "limoges"},
            {"academie": "bordeaux"},
            {"kind": "lycee"},
            {"kind": "college"},
        ):
            with self.subTest(params=params):
                response, _text = self.assertShowsNothingHidden(path, params)
                self.assertEqual(response.status_code, 200)
        self.assertLikeMissing(
            f"/campagnes/{DRAFT_CAMPAIGN_SLUG}/actions/",
            f"/campagnes/{ABSENT}/actions/",
            words=[DRAFT_CAMPAIGN_SLUG],
            missing_words=[ABSENT],
        )

    def test_establishments_without_public_action_answer_as_missing_ids(self):
        from campaign.public.discovery import establishment_slug

        for name in ("scheduled_establishment", "changes_establishment"):
            establishment = self.site.establishments[name]
            pk = establishment.pk
            for slug in (establishment_slug(establishment), "x", ABSENT):
                with self.subTest(establishment=name, slug=slug):
                    text = self.assertLikeMissing(
                        f"/campagnes/etablissements/{pk}-{slug}/",
                        f"/campagnes/etablissements/{MISSING_ID}-{slug}/",
                        words=[pk],
                        missing_words=[MISSING_ID],
                    )
                    self.assertTrue(text.startswith("404"), text[:100])
        # A public establishment: its page, and the redirect to its address.
        establishment = self.site.establishments["live_establishment"]
        url = f"/campagnes/etablissements/{establishment.pk}-{establishment_slug(establishment)}/"
        response, text = self.assertShowsNothingHidden(url)
        self.assertEqual(response.status_code, 200)
        response = self.client.get(f"/campagnes/etablissements/{establishment.pk}-x/")
        self.assertRedirects(response, url, status_code=301)

    def test_site_search_finds_public_content_only(self):
        for name, marker in HIDDEN.items():
            with self.subTest(marker=name):
                self.assertLikeMissing(
                    "/recherche/",
                    "/recherche/",
                    {"q": marker},
                    {"q": ABSENT},
                    words=[marker],
                    missing_words=[ABSENT],
                )
        for name in ("live_day", "live_establishment", "content_page"):
            with self.subTest(public=name):
                _response, text = self.assertShowsNothingHidden(
                    "/recherche/", {"q": PUBLIC[name]}
                )
                self.assertIn("<mark", text)

    def test_sitemap_lists_public_pages_only(self):
        response, text = self.assertShowsNothingHidden("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.site.live_day.url, text)
        self.assertIn(
            f"/campagnes/etablissements/{self.site.establishments['live_establishment'].pk}-",
            text,
        )
        for name in ("scheduled_establishment", "changes_establishment"):
            pk = self.site.establishments[name].pk
            self.assertNotIn(f"/campagnes/etablissements/{pk}-", text)
        self.assertShowsNothingHidden("/robots.txt")


class TestDocumentDownloads(NoLeakTestCase):
    def test_documents_nothing_public_uses_answer_as_missing_ones(self):
        for name, document in self.site.documents.items():
            if name not in HIDDEN:
                continue
            with self.subTest(document=name):
                text = self.assertLikeMissing(
                    f"/documents/{document.pk}/{document.filename}",
                    f"/documents/{MISSING_ID}/{document.filename}",
                    words=[document.pk],
                    missing_words=[MISSING_ID],
                )
                self.assertTrue(text.startswith("404"), text[:100])

    def test_documents_of_public_content_download(self):
        for name in ("live_document", "content_document", "home_document"):
            document = self.site.documents[name]
            with self.subTest(document=name):
                response = self.client.get(
                    f"/documents/{document.pk}/{document.filename}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    b"".join(response.streaming_content),
                    b"%PDF-1.4 " + PUBLIC[name].encode(),
                )

    def test_a_document_goes_back_under_embargo_with_its_page(self):
        document = self.site.documents["live_document"]
        path = f"/documents/{document.pk}/{document.filename}"
        self.assertEqual(self.client.get(path).status_code, 200)
        self.site.live_day.unpublish()
        self.assertLikeMissing(
            path,
            f"/documents/{MISSING_ID}/{document.filename}",
            words=[document.pk],
            missing_words=[MISSING_ID],
        )
        self.assertEqual(
            self.client.get(f"{API}/documents/{document.pk}/").status_code, 404
        )

    def test_editors_download_every_document(self):
        user = get_user_model().objects.create_superuser(
            "editeur", "editeur@example.org", "x"
        )
        self.client.force_login(user)
        document = self.site.documents["scheduled_document"]
        response = self.client.get(f"/documents/{document.pk}/{document.filename}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(HIDDEN["scheduled_document"], read(response))


class TestDayEmail(NoLeakTestCase):
    """The e-mail sent when a day goes live carries its live content, not the
    changes saved since."""

    def email_of(self, day):
        (message,) = [
            m
            for m in mail.outbox
            if f"persev-day-{day.pk}@" in m.extra_headers["Message-ID"]
        ]
        html = message.alternatives[0][0]
        return f"{message.subject}\n{message.body}\n{html}".lower()

    def test_a_scheduled_day_goes_live_with_its_approved_content(self):
        day = CampaignDayPage.objects.get(pk=self.site.scheduled_day.pk)
        later = "xqmodifapresapprobation"
        day.title = f"Jeudi {later}"
        day.body = [zoom_block(f"Zoom {later}", f"<p>{later}</p>")]
        day.save_revision()
        traveller = time_machine.travel(day.go_live_at + dt.timedelta(minutes=1))
        traveller.start()
        self.addCleanup(traveller.stop)
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run_pass()
        day.refresh_from_db()
        self.assertTrue(day.live)
        text = self.email_of(day)
        self.assertIn(HIDDEN["scheduled_day"], text)  # live now: its content
        self.assertNotIn(later, text)
        self.assertNotIn(HIDDEN["unpublished_changes"], text)
        self.assertEqual(mail.outbox[0].to, [RECIPIENTS])
        # And its page shows the same.
        response = self.client.get(day.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(later, read(response))

    def test_days_going_live_with_their_campaign_carry_their_live_content(self):
        orphan = CampaignDayPage.objects.get(pk=self.site.orphan_day.pk)
        later = "xqmodifjourorphelin"
        orphan.body = [zoom_block(f"Zoom {later}", f"<p>{later}</p>")]
        orphan.save_revision()
        campaign = CampaignPage.objects.get(pk=self.site.draft_campaign.pk)
        with self.captureOnCommitCallbacks(execute=True):
            campaign.save_revision().publish()
        text = self.email_of(orphan)
        self.assertIn(HIDDEN["orphan_day"], text)
        self.assertNotIn(later, text)

    def test_the_email_of_a_live_day_links_to_public_pages_only(self):
        from campaign.publishing.day_email import build_message

        message = build_message(self.site.live_day, self.site.campaign, [RECIPIENTS])
        text = f"{message.body}\n{message.alternatives[0][0]}".lower()
        shown = [name for name, marker in HIDDEN.items() if marker in text]
        shown += [url for url in self.hidden_paths() if url.lower() in text]
        self.assertEqual(shown, [])
        self.assertIn(PUBLIC["live_day"], text)
