"""The « Témoignage » block on every channel: its form and checks, the page,
the interchange and its schema, the API and its model, the e-mail (HTML and
text), the widget, the feeds, the search text and the block preview; and a
photo the public may not see leaks through none of them."""

import datetime as dt
import json
import tempfile
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import time_machine
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from jsonschema import Draft202012Validator
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils import WagtailPageTestCase, WagtailTestUtils
from wagtail.test.utils.form_data import nested_form_data, streamfield

from campaign.authoring.establishment_usage import days_naming
from campaign.authoring.interchange.day_json import Export
from campaign.authoring.interchange.json_format import check_document
from campaign.authoring.interchange.json_format import schema as day_schema
from campaign.authoring.interchange.newsletter import (
    NewsletterError,
    parse_newsletter,
    write_newsletter,
)
from campaign.blocks.day_body import DayBodyBlock, kinds
from campaign.blocks.testimony import TestimonyBlock
from campaign.models import CampaignDayPage
from campaign.partners.headless import filter_days
from campaign.public.discovery import establishment_url
from campaign.public.sitemaps import EstablishmentsSitemap
from campaign.publishing.day_email import build_message
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    default_site_at_admin_base_url,
)
from tests.campaign.test_newsletter_format import RandomDay
from tests.html_reading import links, visible_text

BODY_BLOCK = CampaignDayPage._meta.get_field("body").stream_block
BLOCK = BODY_BLOCK.child_blocks["testimony"]
MONDAY = dt.date(2021, 2, 1)
QUOTE = "Au début je ne voulais pas venir. Le tutorat m’a redonné confiance."


def image(title="Léa au CDI", collection=None):
    kwargs = {"collection": collection} if collection else {}
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename="lea.png"), **kwargs
    )


def private_collection():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Photos non diffusables")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="secret",
    )
    return collection


def testimony(
    quote=QUOTE,
    first_name="Léa",
    role="élève de 3ᵉ",
    establishment=None,
    photo=None,
    alt="",
):
    """A raw testimony block ({"type", "value"}, as stored)."""
    return {
        "type": "testimony",
        "value": {
            "quote": quote,
            "first_name": first_name,
            "role": role,
            "establishment": establishment.pk if establishment else None,
            "photo": photo.pk if photo else None,
            "photo_alt": alt,
        },
    }


def value_of(raw):
    return BLOCK.to_python(raw["value"])


class _Elements(HTMLParser):
    """The tags of a fragment, in order, with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html):
    parser = _Elements()
    parser.feed(html)
    return parser.tags


class TestTheKind(TestCase):
    def test_is_a_kind_of_the_day_body_named_testimony(self):
        self.assertIsInstance(DayBodyBlock.base_blocks["testimony"], TestimonyBlock)
        self.assertIn("testimony", [kind.name for kind in kinds()])

    def test_admin_form_reads_in_french(self):
        with translation.override("fr"):
            self.assertEqual(str(BLOCK.label), "Témoignage")
            labels = {
                name: str(child.label) for name, child in BLOCK.child_blocks.items()
            }
        self.assertEqual(
            labels,
            {
                "quote": "Citation",
                "first_name": "Prénom",
                "role": "Rôle ou classe",
                "establishment": "Établissement",
                "photo": "Photo",
                "photo_alt": "Texte alternatif de la photo",
            },
        )

    def test_quote_first_name_and_role_are_required(self):
        for name in ("quote", "first_name", "role"):
            with self.subTest(field=name):
                raw = testimony()
                raw["value"][name] = ""
                with self.assertRaises(StructBlockValidationError) as caught:
                    BLOCK.clean(value_of(raw))
                self.assertIn(name, caught.exception.block_errors)

    def test_establishment_and_photo_are_optional(self):
        BLOCK.clean(value_of(testimony()))

    def test_a_photo_needs_its_alternative_text(self):
        photo = image()
        with self.assertRaises(StructBlockValidationError) as caught:
            BLOCK.clean(value_of(testimony(photo=photo, alt="  ")))
        self.assertEqual(list(caught.exception.block_errors), ["photo_alt"])
        with translation.override("fr"):
            self.assertEqual(
                caught.exception.block_errors["photo_alt"].messages,
                ["Décrivez la photo : son texte alternatif est obligatoire."],
            )
        BLOCK.clean(value_of(testimony(photo=photo, alt="Léa sourit au CDI")))


class TestPage(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()

    def render(self, raw):
        return BLOCK.render(value_of(raw))

    def test_figure_with_blockquote_and_figcaption(self):
        html = self.render(
            testimony(establishment=self.college, photo=self.photo, alt="Léa au CDI")
        )
        names = [tag for tag, _attrs in tags_of(html)]
        figure = names.index("figure")
        self.assertLess(figure, names.index("blockquote"))
        self.assertLess(names.index("blockquote"), names.index("figcaption"))
        self.assertLess(names.index("figcaption"), names.index("img"))
        classes = dict(tags_of(html))["figure"]["class"].split()
        self.assertIn("fr-quote", classes)
        text = visible_text(html)
        self.assertIn(f"« {QUOTE} »", text)
        self.assertIn("Léa", text)
        self.assertIn("élève de 3ᵉ", text)
        self.assertIn("Collège Jean Moulin", text)
        self.assertIn("Bordeaux – 33", text)
        self.assertIn("Gironde", text)  # for screen readers

    def test_photo_has_its_alternative_text(self):
        html = self.render(testimony(photo=self.photo, alt="Léa au CDI"))
        (img,) = [attrs for tag, attrs in tags_of(html) if tag == "img"]
        self.assertEqual(img["alt"], "Léa au CDI")
        self.assertIn("fr-responsive-img", img["class"])

    def test_establishment_is_not_a_link(self):
        # Its page lists its actions: one that only a testimony names has
        # none, and answers 404.
        html = self.render(testimony(establishment=self.college))
        self.assertEqual(links(html), [])
        self.assertIn("Collège Jean Moulin", visible_text(html))

    def test_without_photo_nor_establishment(self):
        html = self.render(testimony())
        self.assertNotIn("<img", html)
        self.assertEqual(links(html), [])

    def test_texts_are_escaped(self):
        html = self.render(testimony(quote="<script>x</script>", first_name="<b>L</b>"))
        self.assertNotIn("<script>", html)
        self.assertNotIn("<b>L</b>", html)

    def test_a_photo_of_a_restricted_collection_is_not_shown(self):
        hidden = image("xqphotoprivee", collection=private_collection())
        html = self.render(testimony(photo=hidden, alt="xqphotoprivee"))
        self.assertNotIn("<img", html)
        self.assertNotIn("xqphotoprivee", html)


class TestPreview(WagtailTestUtils, TestCase):
    """The admin's block picker shows it with the public styles."""

    def test_preview_value_renders_with_the_quote_component(self):
        self.login()
        url = reverse("wagtailadmin_block_preview") + f"?id={BLOCK.definition_prefix}"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("dsfr/dist/component/quote/quote.main.min.css", html)
        self.assertIn("campaign/css/campaign.css", html)
        self.assertIn('class="campaign-block campaign-testimony fr-quote', html)
        self.assertIn("Le tutorat m’a redonné confiance", visible_text(html))
        self.assertIn("élève de 3ᵉ", visible_text(html))


@override_settings(WAGTAILADMIN_BASE_URL="http://testserver")
class TestInterchange(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()

    def validate(self, data):
        """`data` against the block's fragment, within the day schema's $defs."""
        fragment = {**BLOCK.interchange_schema(), "$defs": day_schema()["$defs"]}
        return list(Draft202012Validator(fragment).iter_errors(data))

    def test_to_interchange(self):
        raw = testimony(establishment=self.college, photo=self.photo, alt="Léa")
        data = BLOCK.to_interchange(value_of(raw), Export())
        photo = data.pop("photo")
        self.assertEqual(
            data,
            {
                "quote": QUOTE,
                "first_name": "Léa",
                "role": "élève de 3ᵉ",
                "establishment": {
                    "name": "Collège Jean Moulin",
                    "town": "Bordeaux",
                    "department": "33",
                },
            },
        )
        self.assertTrue(photo["url"].startswith("http://testserver/"))
        self.assertEqual(photo["alt"], "Léa")
        self.assertEqual(list(photo), ["url", "alt"])  # the format has no numbers

    def test_optional_keys_are_left_out(self):
        data = BLOCK.to_interchange(value_of(testimony()), Export())
        self.assertEqual(list(data), ["quote", "first_name", "role"])

    def test_interchange_values_match_the_schema_fragment(self):
        full = BLOCK.to_interchange(
            value_of(testimony(establishment=self.college, photo=self.photo, alt="L")),
            Export(),
        )
        self.assertEqual(self.validate(full), [])
        self.assertEqual(
            self.validate(BLOCK.to_interchange(value_of(testimony()), Export())), []
        )
        self.assertNotEqual(self.validate({"quote": QUOTE, "first_name": "Léa"}), [])
        self.assertNotEqual(
            self.validate({**full, "establishment": {"name": "X", "town": "Y"}}), []
        )

    def test_read_back(self):
        class Into:
            problems = []

            def establishment_id(into, data, where):
                self.assertEqual(where, ["body", 0, "value", "establishment"])
                return self.college.pk

            def problem(into, where, message):
                into.problems.append((where, message))

        # Renditions made by other tests' rolled back transactions stay in
        # Wagtail's rendition cache: this one must be a row of the database.
        caches["default"].clear()
        raw = testimony(establishment=self.college, photo=self.photo, alt="Léa")
        data = BLOCK.to_interchange(value_of(raw), Export())
        back = BLOCK.from_interchange(data, Into(), ["body", 0, "value"])
        self.assertEqual(back, raw["value"])
        self.assertEqual(Into.problems, [])

    def test_a_photo_from_elsewhere_is_left_out(self):
        class Into:
            def establishment_id(into, data, where):
                return None

        data = {
            "quote": QUOTE,
            "first_name": "Léa",
            "role": "élève",
            "photo": {"url": "https://ailleurs.example/images/lea.png", "alt": "L"},
        }
        back = BLOCK.from_interchange(data, Into(), ["body", 0, "value"])
        self.assertEqual((back["photo"], back["photo_alt"]), (None, ""))
        self.assertIsNone(back["establishment"])

    def test_a_photo_of_a_restricted_collection_is_not_attached_by_its_address(self):
        class Into:
            def establishment_id(into, data, where):
                return None

        hidden = image("xqphotoprivee", collection=private_collection())
        for url in (
            f"http://testserver{hidden.file.url}",
            f"http://testserver{hidden.get_rendition('fill-400x400').url}",
        ):
            data = {
                "quote": QUOTE,
                "first_name": "Léa",
                "role": "élève",
                "photo": {"url": url, "alt": "L"},
            }
            back = BLOCK.from_interchange(data, Into(), ["body", 0, "value"])
            self.assertEqual((back["photo"], back["photo_alt"]), (None, ""), url)

    def test_wrong_types_read_as_empty(self):
        back = BLOCK.from_interchange({"quote": 3, "photo": "x"}, None, [])
        self.assertEqual(back["quote"], "")
        self.assertIsNone(back["photo"])

    def test_a_photo_of_a_restricted_collection_does_not_leave(self):
        hidden = image("xqphotoprivee", collection=private_collection())
        data = BLOCK.to_interchange(
            value_of(testimony(photo=hidden, alt="x")), Export()
        )
        self.assertNotIn("photo", data)


@override_settings(WAGTAILADMIN_BASE_URL="http://testserver")
class TestApi(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()

    def test_representation_matches_the_api_model(self):
        raw = testimony(establishment=self.college, photo=self.photo, alt="Léa")
        data = BLOCK.get_api_representation(value_of(raw), {})
        model = BLOCK.api_model.model_validate(data)
        self.assertEqual(model.establishment.name, "Collège Jean Moulin")
        self.assertEqual(model.establishment.id, self.college.pk)
        self.assertTrue(model.photo.url.startswith("http://testserver/"))
        self.assertEqual(model.photo.alt, "Léa")

    def test_restricted_photo_is_not_represented(self):
        hidden = image("xqphotoprivee", collection=private_collection())
        data = BLOCK.get_api_representation(
            value_of(testimony(photo=hidden, alt="x")), {}
        )
        self.assertNotIn("photo", data)
        BLOCK.api_model.model_validate(data)


class TestSearch(TestCase):
    """A day is found by the words of its testimony and by its establishment."""

    @classmethod
    def setUpTestData(cls):
        campaign = add_campaign()
        college = add_establishment("Collège Xqmoulin", "Xqbourg", "33")
        cls.day = add_day(
            campaign,
            MONDAY,
            [
                testimony(
                    quote="Le xqtutorat m’a aidée.",
                    first_name="Xqlea",
                    role="élève de xqtroisieme",
                    establishment=college,
                )
            ],
        )
        call_command("update_index", stdout=StringIO(), stderr=StringIO())

    def test_search_text_names_the_establishment(self):
        self.assertIn(
            "Collège Xqmoulin Xqbourg", BLOCK.search_text(self.day.body[0].value)
        )

    def test_found_by_quote_person_role_and_establishment(self):
        for word in ("xqtutorat", "Xqlea", "xqtroisieme", "Xqmoulin", "Xqbourg"):
            with self.subTest(word=word):
                found = CampaignDayPage.objects.live().search(word)
                self.assertEqual([day.pk for day in found], [self.day.pk])


class TestSearchOfAPhoto(TestCase):
    """The alternative text of a photo the public may not see is neither
    indexed nor shown in an excerpt; a public photo's is."""

    def test_alt_of_a_restricted_photo_is_not_searchable(self):
        campaign = add_campaign()
        hidden = image(collection=private_collection())
        shown = image(title="Public")
        day = add_day(
            campaign,
            MONDAY,
            [
                testimony(photo=hidden, alt="Xqsecret au CDI"),
                testimony(photo=shown, alt="Xqpublic au CDI"),
            ],
        )
        hidden_block, shown_block = day.body
        self.assertNotIn(
            "Xqsecret au CDI", BLOCK.get_searchable_content(hidden_block.value)
        )
        self.assertIn(
            "Xqpublic au CDI", BLOCK.get_searchable_content(shown_block.value)
        )
        call_command("update_index", stdout=StringIO(), stderr=StringIO())
        self.assertEqual(list(CampaignDayPage.objects.live().search("Xqsecret")), [])
        self.assertEqual(
            [found.pk for found in CampaignDayPage.objects.live().search("Xqpublic")],
            [day.pk],
        )


@override_settings(WAGTAILADMIN_BASE_URL="http://testserver")
class TestChannelTemplates(TestCase):
    """The e-mail, widget and feed templates, given the interchange value."""

    @classmethod
    def setUpTestData(cls):
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()

    def data(self, **kwargs):
        return BLOCK.to_interchange(value_of(testimony(**kwargs)), Export())

    def test_email_html(self):
        data = self.data(establishment=self.college, photo=self.photo, alt="Léa")
        html = BLOCK.render_channel(data, "email.html", {})
        text = visible_text(html)
        self.assertIn(f"« {QUOTE} »", text)
        self.assertIn("Léa, élève de 3ᵉ", text)
        self.assertIn("Collège Jean Moulin (Bordeaux – 33)", text)
        (img,) = [attrs for tag, attrs in tags_of(html) if tag == "img"]
        self.assertEqual(img["alt"], "Léa")
        self.assertTrue(img["src"].startswith("http://testserver/"))

    def test_email_text(self):
        data = self.data(establishment=self.college)
        text = BLOCK.render_channel(data, "email.txt", {})
        self.assertEqual(
            text.strip(),
            f"« {QUOTE} »\n— Léa, élève de 3ᵉ, Collège Jean Moulin (Bordeaux - 33)",
        )

    def test_widget_and_feed(self):
        data = self.data(establishment=self.college, photo=self.photo, alt="Léa")
        for channel in ("widget.html", "feed.html"):
            with self.subTest(channel=channel):
                html = BLOCK.render_channel(data, channel, {})
                self.assertIn("<blockquote>", html)
                self.assertIn("Collège Jean Moulin", visible_text(html))
                (img,) = [attrs for tag, attrs in tags_of(html) if tag == "img"]
                self.assertEqual(img["alt"], "Léa")

    def test_every_channel_has_its_template(self):
        for channel in (
            "page.html",
            "email.html",
            "email.txt",
            "widget.html",
            "feed.html",
        ):
            with self.subTest(channel=channel):
                self.assertEqual(
                    BLOCK.channel_template(channel),
                    f"campaign/blocks/testimony/{channel}",
                )

    def test_escaped(self):
        data = self.data(quote="<script>x</script>")
        for channel in ("email.html", "widget.html", "feed.html"):
            with self.subTest(channel=channel):
                self.assertNotIn("<script>", BLOCK.render_channel(data, channel, {}))


class TestDayPageAndAdmin(WagtailPageTestCase):
    """A day with a testimony: its public page, and the admin's form."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(start=MONDAY, end=dt.date(2021, 2, 5))
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()

    def form_data(self, day, **value):
        value = {
            "quote": QUOTE,
            "first_name": "Léa",
            "role": "élève de 3ᵉ",
            "establishment": str(self.college.pk),
            "photo": str(self.photo.pk),
            "photo_alt": "",
            **value,
        }
        return nested_form_data(
            {
                "title": day.title,
                "slug": day.slug,
                "date": MONDAY.isoformat(),
                "body": streamfield([("testimony", value)]),
            }
        )

    def test_the_public_page_shows_it(self):
        day = add_day(
            self.campaign,
            MONDAY,
            [testimony(establishment=self.college, photo=self.photo, alt="Léa")],
        )
        html = self.client.get(day.url).content.decode()
        self.assertIn('class="campaign-block campaign-testimony fr-quote', html)
        self.assertIn("quote/quote.main.min.css", html)
        self.assertIn(f"« {QUOTE} »", visible_text(html))

    def test_the_admin_saves_it_and_asks_for_the_alternative_text(self):
        self.login()
        day = add_day(self.campaign, MONDAY)
        url = reverse("wagtailadmin_pages:edit", args=[day.pk])
        with translation.override("fr"):
            response = self.client.post(url, self.form_data(day))
        self.assertEqual(response.status_code, 200)
        (error,) = response.context["form"].errors.as_data()["body"]
        self.assertEqual(
            error.block_errors[0].block_errors["photo_alt"].messages,
            ["Décrivez la photo : son texte alternatif est obligatoire."],
        )
        response = self.client.post(url, self.form_data(day, photo_alt="Léa au CDI"))
        self.assertEqual(response.status_code, 302)
        day.refresh_from_db()
        value = day.get_latest_revision_as_object().body[0].value
        self.assertEqual(value["photo_alt"], "Léa au CDI")
        self.assertEqual(value["establishment"], self.college)


class LiveDayWithTwoTestimonies:
    """A live day: Léa's testimony with her establishment and a public
    photo, Tom's with a photo of a restricted collection."""

    photo_alt = "Léa"

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign(slug="semaine-temoins")
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()
        cls.hidden = image("xqphotoprivee", collection=private_collection())
        cls.day = add_day(
            cls.campaign,
            MONDAY,
            [
                testimony(
                    establishment=cls.college, photo=cls.photo, alt=cls.photo_alt
                ),
                testimony(first_name="Tom", photo=cls.hidden, alt="xqphotoprivee"),
            ],
        )


class TestPartnerApi(LiveDayWithTwoTestimonies, TestCase):
    """The campaign API, its OpenAPI document and Wagtail's API v3."""

    def test_days_answer_each_testimony(self):
        response = self.client.get(f"/api/v3/campaigns/{self.campaign.slug}/days/")
        self.assertEqual(response.status_code, 200)
        (day,) = response.json()["items"]
        first, second = (block["value"] for block in day["body"])
        self.assertEqual(
            [block["type"] for block in day["body"]], ["testimony", "testimony"]
        )
        self.assertEqual(first["quote"], QUOTE)
        self.assertEqual(first["establishment"]["academie"], "bordeaux")
        self.assertEqual(first["establishment"]["department_name"], "Gironde")
        self.assertTrue(first["photo"]["url"].startswith("http://testserver/"))
        self.assertEqual(first["photo"]["alt"], "Léa")
        self.assertNotIn("photo", second)
        self.assertNotIn("establishment", second)
        self.assertNotIn("xqphotoprivee", response.content.decode().lower())

    def test_openapi_describes_the_block(self):
        document = self.client.get("/api/v3/openapi.json").json()
        schemas = document["components"]["schemas"]
        self.assertIn("TestimonyBlockOut", schemas)
        value = schemas["TestimonyBlockOut"]["properties"]["value"]
        name = value["$ref"].rsplit("/", 1)[1]
        self.assertEqual(
            set(schemas[name]["properties"]),
            {"quote", "first_name", "role", "establishment", "photo"},
        )
        self.assertEqual(
            set(schemas[name]["required"]), {"quote", "first_name", "role"}
        )
        self.assertEqual(
            schemas[name]["properties"]["first_name"]["description"],
            "Le prénom de la personne.",
        )

    def test_wagtail_images_api(self):
        listing = self.client.get("/api/v3/images/")
        self.assertEqual(listing.status_code, 200)
        titles = [item["title"] for item in listing.json()["items"]]
        self.assertEqual(titles, [self.photo.title])  # used by a public day
        answer = self.client.get(f"/api/v3/images/{self.hidden.pk}/")
        self.assertEqual(answer.status_code, 404)

    def test_wagtail_pages_api(self):
        response = self.client.get(f"/api/v3/pages/{self.day.pk}/")
        self.assertEqual(response.status_code, 200)
        body = response.json()["body"]
        first, second = (block["value"] for block in body)
        self.assertEqual(first["establishment"]["name"], "Collège Jean Moulin")
        self.assertEqual(first["photo"]["alt"], "Léa")
        self.assertNotIn("photo", second)
        self.assertNotIn("xqphotoprivee", response.content.decode().lower())


class TestJsonExportAndImport(TestCase):
    """campaign_export --format json and campaign_import, through the files."""

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign(slug="semaine-temoins")
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.photo = image()
        cls.day = add_day(
            cls.campaign,
            MONDAY,
            [testimony(establishment=cls.college, photo=cls.photo, alt="Léa")],
        )

    def export(self):
        out = StringIO()
        call_command(
            "campaign_export",
            campaign=self.campaign.slug,
            date=MONDAY.isoformat(),
            format="json",
            stdout=out,
        )
        return json.loads(out.getvalue())

    def import_document(self, document):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "lundi.json"
            path.write_text(json.dumps(document), encoding="utf-8")
            err = StringIO()
            try:
                call_command(
                    "campaign_import", str(path), publish=True, stdout=err, stderr=err
                )
            except CommandError as error:
                raise CommandError(err.getvalue()) from error
        return CampaignDayPage.objects.get(pk=self.day.pk).body[0].value

    def test_export_is_valid_and_reads_back_with_its_photo(self):
        caches["default"].clear()  # renditions of other tests' transactions
        document = self.export()
        self.assertEqual(check_document(document), [])
        (block,) = document["body"]
        self.assertEqual(block["type"], "testimony")
        self.assertEqual(block["value"]["photo"]["alt"], "Léa")
        block["value"]["quote"] = "Une autre citation."
        value = self.import_document(document)
        self.assertEqual(value["quote"], "Une autre citation.")
        self.assertEqual(value["establishment"], self.college)
        self.assertEqual(value["photo"], self.photo)
        self.assertEqual(value["photo_alt"], "Léa")
        self.assertEqual(self.export(), document)

    def test_an_import_names_a_new_establishment(self):
        document = self.export()
        document["body"] = [
            {
                "type": "testimony",
                "value": {
                    "quote": "J’ai trouvé ma voie.",
                    "first_name": "Tom",
                    "role": "élève de terminale",
                    "establishment": {
                        "name": "Lycée Xqnouveau",
                        "town": "Poitiers",
                        "department": "86",
                    },
                },
            }
        ]
        value = self.import_document(document)
        self.assertEqual(value["establishment"].name, "Lycée Xqnouveau")
        self.assertIsNone(value["photo"])

    def test_a_testimony_without_first_name_is_refused(self):
        document = self.export()
        del document["body"][0]["value"]["first_name"]
        self.assertNotEqual(check_document(document), [])
        with self.assertRaises(CommandError):
            self.import_document(document)


LETTER = """ZOOM du jour

Les clauses sociales

Un parcours sécurisé.

{témoignage}

« Au début je ne voulais pas venir au collège.
Le tutorat m’a redonné **confiance**. »

Léa, élève de 3^e — Collège Jean Moulin (*Bordeaux - 33*)

{Temoignage} “Court.”
— Tom, parent d’élève
"""


class TestNewsletterText(SimpleTestCase):
    """The newsletter text format: what communicators type, read and written."""

    def test_read(self):
        parsed = parse_newsletter(LETTER)
        self.assertEqual(
            parsed.body[1:],
            [
                {
                    "type": "testimony",
                    "value": {
                        "quote": "Au début je ne voulais pas venir au collège.\n"
                        "Le tutorat m’a redonné confiance.",
                        "first_name": "Léa",
                        "role": "élève de 3ᵉ",
                        "establishment": {
                            "name": "Collège Jean Moulin",
                            "town": "Bordeaux",
                            "department": "33",
                        },
                    },
                },
                {
                    "type": "testimony",
                    "value": {
                        "quote": "Court.",
                        "first_name": "Tom",
                        "role": "parent d’élève",
                    },
                },
            ],
        )
        self.assertEqual(parsed.lines, [1, 7, 14])
        self.assertEqual(parsed.line(("body", 1, "value", "quote")), 9)
        self.assertEqual(parsed.line(("body", 1, "value", "establishment")), 12)
        self.assertEqual(parsed.line(("body", 2, "value", "role")), 15)

    def test_written_as_communicators_type_it(self):
        day = {"campaign": {}, "body": parse_newsletter(LETTER).body[1:2]}
        self.assertEqual(
            write_newsletter(day),
            "{témoignage}\n\n"
            "« Au début je ne voulais pas venir au collège.\n"
            "Le tutorat m’a redonné confiance. »\n\n"
            "Léa, élève de 3^e — Collège Jean Moulin (Bordeaux - 33)\n",
        )

    def test_anything_is_written_so_that_it_reads_back(self):
        body = [
            {
                "type": "testimony",
                "value": {
                    "quote": "Ressources humaines\n- un tiret\nElle a dit « oui »\n\n"
                    "ZOOM du jour\nDu 1er au 5 février, retrouvez-nous",
                    "first_name": "Jean, Paul",
                    "role": "élève - option *théâtre* (2) - 1ʳᵉ",
                    "establishment": {
                        "name": "Lycée Jean Monnet - Site de Cognac",
                        "town": "Cognac (bis)",
                        "department": "16",
                    },
                },
            },
            {
                "type": "testimony",
                "value": {"quote": "« Oui »", "first_name": "Lou", "role": "CPE"},
            },
        ]
        text = write_newsletter({"campaign": {}, "body": body})
        self.assertEqual(parse_newsletter(text).body, body)

    def test_the_photo_has_no_text_form(self):
        value = {"quote": "Q.", "first_name": "Léa", "role": "élève"}
        with_photo = {**value, "photo": {"url": "https://x.example/a.png", "alt": "A"}}
        text = write_newsletter(
            {"campaign": {}, "body": [{"type": "testimony", "value": with_photo}]}
        )
        self.assertEqual(parse_newsletter(text).body[0]["value"], value)

    def problems(self, testimony_text):
        with self.assertRaises(NewsletterError) as raised:
            parse_newsletter(f"ZOOM du jour\n\nT\n\n{testimony_text}")
        return [str(problem) for problem in raised.exception.problems]

    def test_mistakes_are_said_in_french_on_their_line(self):
        cases = {
            "{témoignage}\n\nLéa, élève\n": [
                "ligne 7 : témoignage sans citation : attendu sous la ligne "
                "{témoignage} la citation entre « et », par exemple « « Le tutorat "
                "m’a redonné confiance. » »"
            ],
            "{témoignage}\n\n« pas fermée\n\nLéa, élève\n": [
                "ligne 7 : citation non fermée : terminez sa dernière ligne par le "
                "guillemet fermant »"
            ],
            "{témoignage}\n\n« Oui. »\n": [
                "ligne 5 : témoignage sans auteur : attendu après la citation une "
                "ligne « PRÉNOM, RÔLE — ÉTABLISSEMENT (VILLE - DÉPARTEMENT) » "
                "(l’établissement est facultatif), par exemple « Léa, élève de "
                "3^e — Collège Jean Moulin (Bordeaux - 33) »"
            ],
            "{témoignage}\n\n« Oui. »\n\nLéa élève\n\nautre\n": [
                "ligne 9 : auteur du témoignage illisible « Léa élève » : attendu "
                "« PRÉNOM, RÔLE », éventuellement suivi de « — ÉTABLISSEMENT "
                "(VILLE - DÉPARTEMENT) »",
                "ligne 11 : ligne inattendue dans le témoignage « autre » : un "
                "témoignage est sa citation, puis la ligne de son auteur",
            ],
            "{témoignage}\n\n« Oui. »\n\nLéa, élève — Collège X (Pau - 99)\n": [
                "ligne 9 : département « 99 » inconnu : attendu le code d’un "
                "département français, par exemple 86, 2A ou 974"
            ],
            # Too many digits: an unreadable establishment (as in the actions), not
            # a role that silently swallows it.
            "{témoignage}\n\n« Oui. »\n\nLéa, élève — Collège X (Pau - "
            + "1" * 30
            + ")\n": [
                "ligne 9 : établissement illisible « Collège X (Pau - "
                + "1" * 30
                + ") » : attendu « NOM (VILLE - DÉPARTEMENT) », par exemple "
                "« Collège Henri Bretin (Neuvic - 24) »"
            ],
        }
        for source, expected in cases.items():
            with self.subTest(source=source), translation.override("fr"):
                self.assertEqual(self.problems(source), expected)


class TestNewsletterFiles(TestCase):
    """campaign_import of a .txt letter and campaign_export --format text."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug="semaine-temoins")
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")

    def test_imported_then_exported_back(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "lundi.txt"
            path.write_text(LETTER, encoding="utf-8")
            call_command(
                "campaign_import",
                str(path),
                campaign=self.campaign.slug,
                date=MONDAY.isoformat(),
                publish=True,
                stdout=StringIO(),
            )
        day = CampaignDayPage.objects.get(date=MONDAY)
        lea, tom = day.body[1].value, day.body[2].value
        self.assertEqual(lea["establishment"], self.college)  # found, not duplicated
        self.assertEqual(lea["role"], "élève de 3ᵉ")
        self.assertIsNone(tom["establishment"])
        out = StringIO()
        call_command(
            "campaign_export",
            campaign=self.campaign.slug,
            date=MONDAY.isoformat(),
            format="text",
            stdout=out,
        )
        self.assertIn(
            "{témoignage}\n\n« Court. »\n\nTom, parent d’élève\n", out.getvalue()
        )
        self.assertEqual(
            parse_newsletter(out.getvalue()).body[1:], parse_newsletter(LETTER).body[1:]
        )


class TestDayChannels(LiveDayWithTwoTestimonies, TestCase):
    """A live day with testimonies in its e-mail, the partner widget and the
    feeds; a photo of a restricted collection in none of them."""

    photo_alt = "Léa au CDI"

    def assert_no_private_photo(self, text):
        self.assertNotIn("xqphotoprivee", text.lower())

    def test_email_html_and_text(self):
        message = build_message(self.day, self.campaign, ["liste@example.org"])
        html = message.alternatives[0][0]
        self.assertIn(f"« {QUOTE} »", visible_text(html))
        self.assertIn("Collège Jean Moulin (Bordeaux – 33)", visible_text(html))
        images = [attrs for tag, attrs in tags_of(html) if tag == "img"]
        self.assertEqual([img["alt"] for img in images], ["Léa au CDI"])
        self.assertTrue(images[0]["src"].startswith("http://testserver/media/"))
        self.assertIn(
            f"« {QUOTE} »\n— Léa, élève de 3ᵉ, Collège Jean Moulin (Bordeaux - 33)",
            message.body,
        )
        self.assertIn("« Au début", message.body)
        self.assertIn("— Tom, élève de 3ᵉ", message.body)
        self.assert_no_private_photo(html)
        self.assert_no_private_photo(message.body)

    @time_machine.travel("2021-02-01 10:00 +01:00", tick=False)
    def test_widget(self):
        response = self.client.get(f"/campagnes/{self.campaign.slug}/widget/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(f"« {QUOTE} »", visible_text(html))
        self.assertIn("<blockquote>", html)
        self.assertIn('alt="Léa au CDI"', html)
        self.assert_no_private_photo(html)

    def test_feeds(self):
        for feed in ("flux.rss", "flux.atom", "flux.json"):
            with self.subTest(feed=feed):
                response = self.client.get(f"/campagnes/{self.campaign.slug}/{feed}")
                self.assertEqual(response.status_code, 200)
                body = response.content.decode()
                self.assertIn("Au début je ne voulais pas venir", body)
                self.assertIn("blockquote", body)
                self.assertIn("Léa au CDI", body)
                self.assertIn("Collège Jean Moulin", body)
                self.assert_no_private_photo(body)


class TestTheEstablishmentItNames(TestCase):
    """An establishment a testimony names counts as used, as an action's."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug="semaine-temoins")
        cls.college = add_establishment("Collège Jean Moulin", "Bordeaux", "33")
        cls.other = add_establishment("Collège Nul Part", "Pau", "64")
        cls.day = add_day(cls.campaign, MONDAY, [testimony(establishment=cls.college)])

    def test_the_day_names_it(self):
        self.assertEqual(self.day.establishment_ids(), {self.college.pk})
        self.assertEqual(
            days_naming([self.college, self.other]), {self.college: [self.day]}
        )

    def test_partners_filter_days_by_its_department(self):
        self.assertEqual(filter_days([self.day], department="33"), [self.day])
        self.assertEqual(filter_days([self.day], department="64"), [])

    def test_it_gets_no_page_in_the_sitemap(self):
        # Its page lists its actions: it has none, the page answers 404.
        default_site_at_admin_base_url()
        url = establishment_url(self.college)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(EstablishmentsSitemap().items(), [])
        add_day(
            self.campaign,
            MONDAY + dt.timedelta(days=1),
            [actions_block(action("Atelier", [self.college]))],
        )
        self.assertEqual(EstablishmentsSitemap().items(), [self.college])
        self.assertEqual(self.client.get(url).status_code, 200)


class RandomTestimonyDay(RandomDay):
    """Random days of the newsletter format's round-trip test, with
    testimonies of random texts among their blocks."""

    def block(self):
        if self.random.random() < 0.5:
            return super().block()
        lines = [self.plain() for _ in range(self.random.randint(1, 3))]
        if len(lines) > 1 and self.random.random() < 0.3:
            lines.insert(1, "")  # a new paragraph
        value = {
            "quote": "\n".join(lines),
            "first_name": self.plain(),
            "role": self.plain(),
        }
        if self.random.random() < 0.5:
            # Establishment lines collapse runs of spaces, as the actions'.
            value["establishment"] = {
                "name": " ".join(self.plain().split()) or "x",
                "town": "Saint-" + " ".join(self.plain().split()),
                "department": self.random.choice(["33", "2A", "974"]),
            }
        return {"type": "testimony", "value": value}


class TestNewsletterRandomRoundTrip(SimpleTestCase):
    def test_random_testimonies_read_back_unchanged(self):
        for seed in range(150):
            day = RandomTestimonyDay(seed).day()
            with self.subTest(seed=seed):
                parsed = parse_newsletter(write_newsletter(day))
                written = [b for b in day["body"] if b["type"] == "testimony"]
                read = [b for b in parsed.body if b["type"] == "testimony"]
                self.assertEqual(read, written)
