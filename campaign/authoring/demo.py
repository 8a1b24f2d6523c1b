"""The demo week: the 2021 campaign with its first two days, built through
the same import code as `campaign_import`, so a re-run changes nothing."""

from pathlib import Path

from campaign.authoring import importer

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"


def demo_files():
    return [(path.name, path.read_bytes()) for path in sorted(DEMO_DIR.glob("*.json"))]


def load_demo(user=None):
    """Import and publish the demo days; return the ImportedDay list."""
    return importer.import_files(
        demo_files(), mode=importer.PUBLISH, user=user, skip_unchanged=True
    )
