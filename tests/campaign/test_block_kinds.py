"""Code that handles a whole day asks the kinds of block and names none: a
kind the day-level code has never heard of (`QuoteBlock`, in a StreamBlock
of this test only) goes through the interchange, the schema, the API's
models, the stored-data questions and the search text on its own."""

import copy
import datetime as dt
import json
from pathlib import Path

from django.test import SimpleTestCase, TestCase
from ninja import Schema
from wagtail import blocks

from campaign.authoring.interchange import day_json, json_format
from campaign.blocks.day_body import (
    DayBodyBlock,
    cleaned_body,
    establishment_ids_in,
    kinds,
    listing_title,
    search_text,
)
from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.kind import BlockKind, mapping
from campaign.blocks.kind import text as one_line
from campaign.blocks.rich_text import RICH_TEXT_FEATURES
from campaign.blocks.zoom import ZoomBlock
from campaign.models import CampaignDayPage
from campaign.partners import headless
from campaign.partners.api.schemas import block_model
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    zoom_block,
)

CAMPAIGN = Path(__file__).resolve().parents[2] / "campaign"


class QuoteValue(Schema):
    text: str
    comment: str


class QuoteBlock(BlockKind, blocks.StructBlock):
    """A kind of block the day-level code does not know."""

    name = "quote"
    api_model = QuoteValue

    text = blocks.CharBlock()
    comment = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)
    establishment = EstablishmentChooserBlock(required=False)

    def to_interchange(self, value, out):
        data = {"text": value["text"], "comment": out.html(value["comment"])}
        if value["establishment"]:
            data["establishment"] = out.establishment(value["establishment"])
        return data

    def from_interchange(self, data, into, where):
        data = mapping(data)
        establishment = data.get("establishment")
        return {
            "text": one_line(data.get("text")),
            "comment": into.html(data.get("comment"), [*where, "comment"]),
            "establishment": into.establishment_id(
                establishment, [*where, "establishment"]
            )
            if isinstance(establishment, dict)
            else None,
        }

    @classmethod
    def interchange_schema(cls):
        return {
            "type": "object",
            "required": ["text"],
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "comment": {"$ref": "#/$defs/html"},
                "establishment": {"$ref": "#/$defs/establishment"},
            },
        }


class QuoteBody(blocks.StreamBlock):
    zoom = ZoomBlock()
    quote = QuoteBlock()


QUOTE_BODY = QuoteBody()


class AnUnknownKindGoesThroughTheDayLevelCode(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.favard = add_establishment("Lycée Jean Favard", "Guéret", "23")

    def document_body(self):
        return [
            {
                "type": "quote",
                "value": {
                    "text": "J’ai repris confiance.",
                    "comment": "<p>Dit en <strong>classe</strong>.</p>",
                    "establishment": {
                        "name": "Lycée Jean Favard",
                        "town": "Guéret",
                        "department": "23",
                    },
                },
            },
            {"type": "zoom", "value": {"title": "Le zoom", "body": "<p>Un.</p>"}},
        ]

    def read(self, body):
        asked = []

        def establishment_id(data, where):
            asked.append(where)
            return self.favard.pk

        raw = day_json.body_from_list(body, establishment_id, stream_block=QUOTE_BODY)
        return raw, asked

    def test_round_trip_through_the_interchange(self):
        body = self.document_body()
        raw, asked = self.read(body)
        self.assertEqual(asked, [["body", 0, "value", "establishment"]])
        self.assertEqual([index for index, _block in raw], [0, 1])
        value = QUOTE_BODY.to_python([block for _index, block in raw])
        self.assertEqual(day_json.body_to_list(value), body)

    def test_a_kind_of_another_body_is_left_out(self):
        raw, _asked = self.read(self.document_body())
        # A day's body has no "quote": the day's own reading leaves it out.
        day_raw = day_json.body_from_list(
            self.document_body(), lambda data, where: None
        )
        self.assertEqual([block["type"] for _i, block in day_raw], ["zoom"])
        self.assertEqual(len(raw), 2)

    def test_stored_data_questions(self):
        raw = [block for _index, block in self.read(self.document_body())[0]]
        self.assertEqual(establishment_ids_in(raw, QUOTE_BODY), {self.favard.pk})
        self.assertEqual(establishment_ids_in(raw), set())  # not a day's kind
        self.assertEqual(listing_title(raw, QUOTE_BODY), "Le zoom")
        raw[0]["value"]["comment"] = '<p onclick="x()">Hop<script>y()</script></p>'
        cleaned = cleaned_body(raw, QUOTE_BODY)
        self.assertEqual(cleaned[0]["value"]["comment"], "<p>Hop</p>")
        self.assertEqual(cleaned[0]["value"]["text"], "J’ai repris confiance.")

    def test_search_text_names_the_chosen_establishment(self):
        raw = [block for _index, block in self.read(self.document_body())[0]]
        value = QUOTE_BODY.to_python(raw)
        self.assertEqual(search_text(value), "Lycée Jean Favard Guéret")

    def test_the_schema_has_a_branch_per_kind(self):
        schema = json_format.with_blocks(
            copy.deepcopy(json_format.schema()), kinds(QUOTE_BODY)
        )
        branches = schema["$defs"]["block"]["oneOf"]
        self.assertEqual(
            [b["properties"]["type"]["const"] for b in branches], ["zoom", "quote"]
        )
        self.assertEqual(
            branches[1]["properties"]["value"], QuoteBlock.interchange_schema()
        )

    def test_the_api_model_of_a_block_is_its_kinds(self):
        model = block_model(QUOTE_BODY.child_blocks["quote"])
        self.assertEqual(model.__name__, "QuoteBlockOut")
        block = model(type="quote", value={"text": "Oui", "comment": ""})
        self.assertEqual(block.value.text, "Oui")


class TheDaysKinds(SimpleTestCase):
    def test_block_types_are_the_kinds_of_a_days_body(self):
        self.assertEqual(json_format.BLOCK_TYPES, list(DayBodyBlock.base_blocks.keys()))
        for kind in kinds():
            with self.subTest(kind=kind.name):
                self.assertIsInstance(kind, BlockKind)
                self.assertIs(DayBodyBlock.base_blocks[kind.name], kind)
                self.assertTrue(
                    (CAMPAIGN / "blocks" / "schemas" / f"{kind.name}.json").exists()
                )
                self.assertIsNotNone(kind.api_model)

    def test_the_assembled_schema_is_valid(self):
        from jsonschema import Draft202012Validator

        Draft202012Validator.check_schema(json_format.schema())
        committed = json.loads(
            (CAMPAIGN / "authoring/interchange/day.schema.json").read_text("utf-8")
        )
        self.assertEqual(committed["$defs"]["block"]["oneOf"], [])

    def test_day_level_modules_name_no_kind(self):
        day_level = [
            "authoring/interchange/day_json.py",
            "authoring/interchange/json_format.py",
            "authoring/interchange/day.schema.json",
            "blocks/day_body.py",
            "blocks/rich_text.py",
            "models/day_page.py",
            "partners/headless.py",
            "partners/api/schemas.py",
        ]
        for path in day_level:
            source = (CAMPAIGN / path).read_text(encoding="utf-8")
            for kind in kinds():
                for quoted in (f'"{kind.name}"', f"'{kind.name}'"):
                    with self.subTest(path=path, kind=kind.name):
                        self.assertNotIn(quoted, source)


class ZoomTitleAsksTheKinds(SimpleTestCase):
    def test_listing_title_is_the_first_blocks_that_has_one(self):
        raw = [
            {"type": "text", "value": "<p>Avant.</p>"},
            zoom_block("Premier", "<p>.</p>"),
            zoom_block("Second", "<p>.</p>"),
        ]
        self.assertEqual(listing_title(raw), "Premier")
        self.assertEqual(listing_title(raw[:1]), "")


class OneEstablishmentSerialiser(TestCase):
    """The campaign API, Wagtail's API v3 and the interchange give an
    establishment through Establishment.as_dict, and nothing else."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug="semaine-serialiseur")
        cls.favard = add_establishment("Lycée Jean Favard", "Guéret", "23")
        cls.day = add_day(
            cls.campaign,
            dt.date(2021, 2, 1),
            [actions_block(action("Construire son avenir", [cls.favard]))],
        )

    def establishments(self, data):
        (block,) = data["body"]
        return block["value"]["actions"][0]["establishments"]

    def test_every_channel_gives_the_same_establishment(self):
        full = self.favard.as_dict(full=True)
        self.assertEqual(
            full,
            {
                "id": self.favard.pk,
                "name": "Lycée Jean Favard",
                "town": "Guéret",
                "department": "23",
                "department_name": "Creuse",
                "academie": "limoges",
                "academie_label": "Limoges",
                "kind": "lycee",
            },
        )
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        self.assertEqual(
            self.establishments(headless.day_dict(day, self.campaign)), [full]
        )
        wagtail = self.client.get(f"/api/v3/pages/{day.pk}/").json()
        self.assertEqual(self.establishments(wagtail), [full])
        self.assertEqual(
            self.establishments(day_json.day_to_dict(day, self.campaign)),
            [self.favard.as_dict()],
        )
        self.assertEqual(
            self.favard.as_dict(),
            {"name": "Lycée Jean Favard", "town": "Guéret", "department": "23"},
        )
