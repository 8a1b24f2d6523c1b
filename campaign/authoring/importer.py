"""Import days into the CMS, from JSON interchange files or newsletter text.

One call is one transaction: every file is read and checked, every problem
of every file is collected, and if there is any, nothing is written. The
steps of one call are CampaignImport's (import_campaign.py: its campaign)
and ImportRun's (import_run.py: its establishments and days).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from campaign.authoring.import_campaign import DRAFT, PUBLISH, SCHEDULE
from campaign.authoring.import_run import ImportedDay, ImportRun
from campaign.authoring.problems import ImportRefused, printable
from campaign.authoring.sources import read_file
from campaign.reference import regions

__all__ = ["DRAFT", "PUBLISH", "SCHEDULE", "ImportedDay", "import_files"]


def import_files(
    files,
    *,
    campaign_slug=None,
    date=None,
    mode=DRAFT,
    dry_run=False,
    user=None,
    skip_unchanged=False,
    inspect=None,
    problems=(),
):
    """Import `files`, a list of (filename, bytes).

    Returns the list of ImportedDay; raises ImportRefused (having written
    nothing) when any file has a problem. With dry_run, everything is
    checked and done, then rolled back. `inspect(results)` is called before
    the transaction ends, while the imported days still exist (to preview a
    dry run). `problems` found before (files that could not be read) refuse
    the import too, once the other files are checked.
    """
    run = ImportRun(mode, user, skip_unchanged)
    run.problems.extend(problems)
    results = []
    with transaction.atomic():
        for filename, data in files:
            sources, problems = read_file(filename, data, date=date)
            run.problems.extend(problems)
            for source in sources:
                result = _import_source(run, source, campaign_slug, date)
                if result is not None:
                    results.append(result)
        if run.problems:
            raise ImportRefused(run.problems)
        if inspect is not None:
            inspect(results)
        if dry_run:
            transaction.set_rollback(True)
    return results


def _import_source(run, source, campaign_slug, date):
    return run.import_day(source, _campaign_of(run, source, campaign_slug, date))


def _campaign_of(run, source, campaign_slug, date):
    """The campaign the day goes into, or None having said why (the day's
    other checks run all the same: every problem is told at once)."""
    if source.format == "json":
        if source.campaign is None:
            return None  # the reading told what is wrong with it
        slug = source.campaign["slug"]
        if campaign_slug and campaign_slug != slug:
            run.problem(
                source,
                ["campaign", "slug"],
                _("this file is a day of the campaign “%(slug)s”, not of “%(asked)s”.")
                % {"slug": slug, "asked": campaign_slug},
            )
            return None
        if date and source.date and date != source.date:
            run.problem(
                source,
                ["date"],
                _("this file is the day of %(date)s, not of %(asked)s.")
                % {"date": source.date.isoformat(), "asked": date.isoformat()},
            )
    else:
        slug = campaign_slug
        if not slug:
            run.problem(
                source,
                [],
                _(
                    "give the campaign (--campaign SLUG) for a newsletter in the "
                    "text format."
                ),
            )
            return None
    # A slug from the command line may hold what no database query takes
    # (undecodable bytes of the terminal become lone surrogates).
    campaign = run.campaign_for(source, slug) if printable(slug) == slug else None
    if campaign is not None and source.format == "json":
        _check_region(run, source, campaign)
    if campaign is None and source.format == "text":
        run.problem(
            source,
            [],
            _("campaign “%(slug)s” not found: create it first or check its slug.")
            % {"slug": slug},
        )
    return campaign


def _check_region(run, source, campaign):
    """A JSON file names its campaign's région académique: not another one
    than the campaign it goes into. Its départements are checked one by one
    (ImportRun.outside_region): this says why they are all refused."""
    named = source.campaign.get("region")
    if not isinstance(named, str) or source.is_covered(["campaign", "region"]):
        return
    region = regions.region_named(named)
    if region is not None and region.name == campaign.region:
        return
    if region is None:
        run.unknown_region(source, named)
        return
    run.value_problem(
        source,
        ["campaign", "region"],
        _(
            "this file is a day of the région académique %(named)s, the "
            "campaign “%(slug)s” is that of the région académique %(region)s."
        )
        % {"named": region.name, "slug": campaign.slug, "region": campaign.region},
    )
