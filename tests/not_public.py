"""One site holding every kind of content that is not public yet, each piece
marked with a word of its own, next to public content the checks compare with.

Built in code with tests/builders.py (not from the demo files), from a test
class's `setUpTestData`: `build()` returns a `NotPublic` with the pages, the
establishments, the files and the markers.

Not public (each with its marker in `NotPublic.hidden`):
- a draft day, never published, which uses a document of its own;
- a scheduled day (approved, go-live date in the future) citing an
  establishment and using an image and a document that nothing else cites:
  the embargoed press kit;
- a draft campaign (slug and title marked) with a day under it that Wagtail
  lets be live, which uses an image of its own;
- unpublished changes on a live day: a revision saved after the published
  one, changing the title and the zoom, citing another establishment and
  linking another document;
- a Wagtail redirect to the draft campaign.

Public (markers in `NotPublic.public`): the live campaign, its live days (one
uses an image and a document, one establishment), a content page and the
home page linking documents in their rich text. The public Monday also
links to the draft day, the scheduled day, the draft campaign and the day
under it (rich text and a resource link): the pages it shows must not name
them; its link to the public Tuesday stays.

Markers are single lower-case words, unknown to any dictionary, so that a
search for one finds it if it is indexed anywhere, and a check for one in an
answer (lower-cased) cannot be fooled by case, escaping or slugs.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home.models import StandardPage
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    home_page,
    resource_link,
    resources_block,
    text_block,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)
FRIDAY = dt.date(2021, 2, 5)

LIVE_SLUG = "semaine-publique"
RECIPIENTS = "liste-persev@example.org"
DRAFT_CAMPAIGN_SLUG = "xqslugcampagnecachee"

# What must never reach an anonymous reader.
HIDDEN = {
    "draft_day": "xqjourbrouillon",
    "draft_document": "xqdocbrouillon",
    "scheduled_day": "xqjourprogramme",
    "scheduled_establishment": "xqetabprogramme",
    "scheduled_image": "xqimageembargo",
    "scheduled_document": "xqdossierpresse",
    "draft_campaign": "xqcampagnecachee",
    "draft_campaign_slug": DRAFT_CAMPAIGN_SLUG,
    "orphan_day": "xqjourorphelin",
    "orphan_image": "xqimageorpheline",
    "unpublished_changes": "xqmodifnonpubliee",
    "changes_establishment": "xqetabmodif",
    "changes_document": "xqdocmodif",
    "redirect": "xqancienneadresse",
}

# Public content of the same kinds: proof that each channel shows what it should.
PUBLIC = {
    "live_day": "xqjourpublic",
    "live_establishment": "xqetabpublic",
    "live_image": "xqimagepublique",
    "live_document": "xqdocpublic",
    "changed_day": "xqjourmodifie",
    "content_page": "xqpagecontenu",
    "content_document": "xqdoccontenu",
    "home_document": "xqdocaccueil",
}


@dataclass
class NotPublic:
    campaign: object
    live_day: object
    changed_day: object
    draft_day: object
    scheduled_day: object
    draft_campaign: object
    orphan_day: object
    content_page: object
    establishments: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    redirect: object = None
    hidden: dict = field(default_factory=lambda: dict(HIDDEN))
    public: dict = field(default_factory=lambda: dict(PUBLIC))

    @property
    def hidden_pages(self):
        """The pages an anonymous reader must not find, by marker name."""
        return {
            "draft_day": self.draft_day,
            "scheduled_day": self.scheduled_day,
            "draft_campaign": self.draft_campaign,
            "orphan_day": self.orphan_day,
        }

    @property
    def hidden_files(self):
        """(kind, file) of each image and document nothing public uses."""
        return {
            name: file
            for name, file in {**self.images, **self.documents}.items()
            if name in HIDDEN
        }


def document(marker):
    model = get_document_model()
    file = model(title=f"Dossier {marker}")
    file.file.save(f"{marker}.pdf", ContentFile(b"%PDF-1.4 " + marker.encode()))
    return file


def image(marker):
    return get_image_model().objects.create(
        title=f"Image {marker}", file=get_test_image_file(filename=f"{marker}.png")
    )


def doc_link(file, text):
    return f'<a linktype="document" id="{file.pk}">{text}</a>'


def build():
    h, p = HIDDEN, PUBLIC
    establishments = {
        "live_establishment": add_establishment(
            f"Collège {p['live_establishment']}", "Limoges", "87"
        ),
        "scheduled_establishment": add_establishment(
            f"Lycée {h['scheduled_establishment']}", "Guéret", "23"
        ),
        "changes_establishment": add_establishment(
            f"Collège {h['changes_establishment']}", "Bergerac", "24"
        ),
    }
    images = {
        name: image(HIDDEN.get(name) or PUBLIC[name])
        for name in ("live_image", "scheduled_image", "orphan_image")
    }
    documents = {
        name: document(HIDDEN.get(name) or PUBLIC[name])
        for name in (
            "live_document",
            "content_document",
            "home_document",
            "draft_document",
            "scheduled_document",
            "changes_document",
        )
    }

    campaign = add_campaign(
        slug=LIVE_SLUG, title="Semaine publique", recipients=RECIPIENTS
    )
    # Published as it was first written, then changed without publishing.
    changed_day = add_day(
        campaign,
        TUESDAY,
        [zoom_block(f"Le zoom {p['changed_day']}", f"<p>{p['changed_day']}</p>")],
        title=f"Mardi {p['changed_day']}",
    )
    changes = h["unpublished_changes"]
    changed_day.title = f"Mardi {changes}"
    changed_day.body = [
        zoom_block(f"Le zoom {changes}", f"<p>{changes}</p>"),
        actions_block(
            action(f"Atelier {changes}", [establishments["changes_establishment"]])
        ),
        text_block(f"<p>{doc_link(documents['changes_document'], changes)}</p>"),
    ]
    changed_day.save_revision()
    changed_day.refresh_from_db()
    assert changed_day.live and changed_day.has_unpublished_changes

    draft_day = add_day(
        campaign,
        WEDNESDAY,
        [
            zoom_block(f"Le zoom {h['draft_day']}", f"<p>{h['draft_day']}</p>"),
            resources_block(
                resource_link(
                    f"Document {h['draft_day']}", document=documents["draft_document"]
                )
            ),
        ],
        title=f"Mercredi {h['draft_day']}",
        live=False,
    )

    scheduled_day = add_day(
        campaign,
        THURSDAY,
        [
            zoom_block(f"Le zoom {h['scheduled_day']}", f"<p>{h['scheduled_day']}</p>"),
            actions_block(
                action(
                    f"Atelier {h['scheduled_day']}",
                    [establishments["scheduled_establishment"]],
                )
            ),
            resources_block(
                resource_link(
                    f"Dossier de presse {h['scheduled_day']}",
                    document=documents["scheduled_document"],
                )
                | {"image": images["scheduled_image"].pk}
            ),
        ],
        title=f"Jeudi {h['scheduled_day']}",
        live=False,
    )
    scheduled_day.go_live_at = timezone.now() + dt.timedelta(days=3650)
    scheduled_day.save_revision().publish()
    scheduled_day.refresh_from_db()
    assert not scheduled_day.live
    assert scheduled_day.latest_revision.approved_go_live_at is not None

    draft_campaign = add_campaign(
        slug=DRAFT_CAMPAIGN_SLUG,
        title=f"Campagne {h['draft_campaign']}",
        live=False,
        recipients=RECIPIENTS,
    )
    orphan_day = add_day(
        draft_campaign,
        MONDAY,
        [
            zoom_block(f"Le zoom {h['orphan_day']}", f"<p>{h['orphan_day']}</p>"),
            resources_block(
                resource_link(f"Lien {h['orphan_day']}", url="https://example.org/")
                | {"image": images["orphan_image"].pk}
            ),
        ],
        title=f"Lundi {h['orphan_day']}",
    )
    assert orphan_day.live and not draft_campaign.live

    # The public day links to pages that are not public: the links must not
    # lead to them (nor name them) until they are.
    live_day = add_day(
        campaign,
        MONDAY,
        [
            zoom_block(
                f"Le zoom {p['live_day']}",
                f"<p>Lundi {p['live_day']}, puis "
                f'<a linktype="page" id="{changed_day.pk}">mardi</a>, '
                f'<a linktype="page" id="{scheduled_day.pk}">jeudi</a> et '
                f'<a linktype="page" id="{orphan_day.pk}">l’an prochain</a>. '
                f"{doc_link(documents['live_document'], 'Le programme')}.</p>",
                # (Tuesday and the programme are public: their links stay.)
            ),
            actions_block(
                action(
                    f"Atelier {p['live_day']}",
                    [establishments["live_establishment"]],
                    description=(
                        f'<p><a linktype="page" id="{draft_day.pk}">Mercredi</a></p>'
                    ),
                )
            ),
            resources_block(
                resource_link(
                    f"Programme {p['live_day']}",
                    document=documents["live_document"],
                )
                | {"image": images["live_image"].pk},
                resource_link("La suite", page=draft_campaign),
            ),
        ],
        title=f"Lundi {p['live_day']}",
    )

    home = home_page()
    home.intro = f"<p>{doc_link(documents['home_document'], 'Le guide')}</p>"
    home.save_revision().publish()
    content_page = StandardPage(
        title=f"Page {p['content_page']}",
        slug="page-de-contenu",
        body=f"<p>{doc_link(documents['content_document'], p['content_page'])}</p>",
    )
    home.add_child(instance=content_page)
    content_page.save_revision().publish()

    redirect = Redirect.add_redirect(
        f"/{h['redirect']}/", redirect_to=draft_campaign, is_permanent=True
    )

    return NotPublic(
        campaign=campaign,
        live_day=live_day,
        changed_day=changed_day,
        draft_day=draft_day,
        scheduled_day=scheduled_day,
        draft_campaign=draft_campaign,
        orphan_day=orphan_day,
        content_page=content_page,
        establishments=establishments,
        images=images,
        documents=documents,
        redirect=redirect,
    )
