"""Lighthouse in the suite: accessibility 100, best practices and SEO ≥ 95 on
the demo's home, campaign, day, actions and establishment pages, served as in
production (tests/browser/lighthouse.py, one run per page).

Performance is left to `make lighthouse`: a score built from timings is a
measure, not a test. Skipped, with a message, when Lighthouse (installed by
`make lighthouse-install`, which `.ci/run` runs) or Chromium is missing.
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import SkipTest, TestCase

from tests.browser.base import CHROMIUM, DISABLED_REASON

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = Path(
    os.environ.get(
        "PERSEV_LIGHTHOUSE",
        Path.home() / ".cache/persev-lighthouse/node_modules/.bin/lighthouse",
    )
)


class TestLighthouse(TestCase):
    def test_accessibility_best_practices_and_seo_targets(self):
        if DISABLED_REASON:
            raise SkipTest(DISABLED_REASON)
        if not CHROMIUM.exists():
            raise SkipTest(f"Lighthouse ignoré : Chromium est absent ({CHROMIUM}).")
        if not LIGHTHOUSE.exists():
            raise SkipTest(
                f"Lighthouse ignoré : {LIGHTHOUSE} est absent "
                "(« make lighthouse-install » l’installe)."
            )
        with tempfile.TemporaryDirectory(prefix="persev-lighthouse-out-") as out:
            result = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "tests/browser/lighthouse.py"),
                    "--lighthouse",
                    str(LIGHTHOUSE),
                    "--runs",
                    "1",
                    "--categories",
                    "accessibility,best-practices,seo",
                    "--out",
                    out,
                ],
                cwd=ROOT,
                env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                capture_output=True,
                text=True,
                timeout=600,
            )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr[-3000:])
        self.assertIn("Objectifs atteints", result.stdout)


# A stand-in for Lighthouse: fails like it does on a busy machine as many times
# as FAILURES says, then writes a report with every category at 1.0.
FAKE_LIGHTHOUSE = """#!{python}
import json, sys
from pathlib import Path
count = Path({count!r})
done = int(count.read_text()) if count.exists() else 0
count.write_text(str(done + 1))
if done < {failures}:
    print("Runtime error encountered: Something went wrong with recording the "
          "trace over your page load. Please run Lighthouse again. (NO_NAVSTART)",
          file=sys.stderr)
    sys.exit(1)
base = next(a for a in sys.argv if a.startswith("--output-path=")).split("=", 1)[1]
categories = {{k: {{"score": 1.0, "auditRefs": []}} for k in
              ("performance", "accessibility", "best-practices", "seo")}}
Path(base + ".report.json").write_text(json.dumps({{"categories": categories}}))
"""


class TestLighthouseRetries(TestCase):
    """An audit that Lighthouse fails to record is run again (no browser needed)."""

    def audit(self, failures):
        from tests.browser import lighthouse

        work = Path(tempfile.mkdtemp(prefix="persev-fake-lighthouse-"))
        self.addCleanup(shutil.rmtree, work, True)
        fake = work / "lighthouse"
        fake.write_text(
            FAKE_LIGHTHOUSE.format(
                python=sys.executable, count=str(work / "count"), failures=failures
            )
        )
        fake.chmod(0o755)
        with contextlib.redirect_stdout(io.StringIO()) as said:
            try:
                scores, _report = lighthouse.audit(
                    str(fake), "http://127.0.0.1:1/", work, "page", dict(os.environ)
                )
            except SystemExit as stop:
                scores = stop
        return scores, int((work / "count").read_text()), said.getvalue()

    def test_a_failed_recording_is_run_again(self):
        scores, runs, said = self.audit(failures=2)
        self.assertEqual(runs, 3)
        self.assertEqual(scores["accessibility"], 100)
        self.assertEqual(said.count("Lighthouse a échoué sur http://127.0.0.1:1/"), 2)
        self.assertIn("(essai 2/3) : Runtime error encountered", said)

    def test_gives_up_after_three_attempts_with_a_french_message(self):
        stop, runs, _said = self.audit(failures=5)
        self.assertEqual(runs, 3)
        self.assertIsInstance(stop, SystemExit)
        self.assertEqual(
            str(stop), "Lighthouse échoue 3 fois de suite sur http://127.0.0.1:1/."
        )
