"""`make lighthouse`: Lighthouse (mobile) on the demo home, campaign and day pages,
served as in production.

    .venv/bin/python tests/browser/lighthouse.py --lighthouse PATH/TO/lighthouse

Everything happens in a temporary folder: a throwaway SQLite database loaded
with the demo, the static files collected there by whitenoise's
CompressedManifestStaticFilesStorage (hashed names, gzip), and gunicorn
serving the production settings (tests/browser/lighthouse_settings.py: DEBUG
off, plus the gzip of HTML that the reverse proxy does in production; plain
HTTP, as on a developer's machine, so no redirection to HTTPS). Lighthouse
drives Debian's Chromium ($CHROME_PATH, /usr/bin/chromium by default).

Each page is audited --runs times (LIGHTHOUSE_RUNS, 3) and the run of median
performance counts. Prints the four scores of each page and exits 1 when one
misses its target; the JSON and HTML reports of the median runs are left in
--out (screenshots/lighthouse/), with scores.json.
Standard library only: no Django import here, everything runs in
subprocesses with their own environment.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
LABELS = {
    "performance": "performance",
    "accessibility": "accessibilité",
    "best-practices": "bonnes pratiques",
    "seo": "SEO",
}

# The pages to audit, as [name, path], printed by `manage.py shell` once the
# demo is loaded. Not the search page: it asks search engines not to index it
# (noindex), which Lighthouse's SEO counts against it, on purpose.
PAGES_CODE = """
import json
from django.urls import reverse
from campaign.models import CampaignDayPage, CampaignPage, Establishment
from campaign.public import discovery
campaign = CampaignPage.objects.live().get(slug="semaine-perseverance-scolaire-2021")
day = CampaignDayPage.objects.child_of(campaign).live().order_by("date").first()
actions = reverse("campaign:actions", kwargs={"slug": campaign.slug})
school = Establishment.objects.filter(pk__in=CampaignPage.objects.public_for(None).establishment_ids()).order_by("name")[0]
print(json.dumps([
    ["accueil", "/"], ["campagne", campaign.get_url()], ["journee", day.get_url()],
    ["actions", actions], ["etablissement", discovery.establishment_url(school)],
]))
"""


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def wait_for(url, server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn s’est arrêté (code {server.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"{url} ne répond pas après {timeout} s.")


# Lighthouse sometimes fails to record a page load on a busy machine
# ("Something went wrong with recording the trace… Please run Lighthouse
# again", NO_NAVSTART, NO_FCP): it is run again, up to this many times.
ATTEMPTS = 3


def audit(lighthouse, url, out, name, env, categories=CATEGORIES):
    """One Lighthouse run: the scores of `categories` and the report."""
    base = out / name
    command = [
        lighthouse,
        url,
        "--quiet",
        "--form-factor=mobile",  # Lighthouse's default: a mid-range phone, slow 4G
        f"--only-categories={','.join(categories)}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--output=json",
        "--output=html",
        f"--output-path={base}",
    ]
    for attempt in range(1, ATTEMPTS + 1):
        result = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            break
        reason = (result.stderr.strip().splitlines() or ["(sans message)"])[-1]
        say(f"   Lighthouse a échoué sur {url} (essai {attempt}/{ATTEMPTS}) : {reason}")
    else:
        raise SystemExit(f"Lighthouse échoue {ATTEMPTS} fois de suite sur {url}.")
    report = json.loads(Path(f"{base}.report.json").read_text(encoding="utf-8"))
    scores = {
        key: round(report["categories"][key]["score"] * 100) for key in categories
    }
    return scores, report


def below_target(report, key):
    """The audits that cost points in the category `key` of `report`."""
    audits = report["audits"]
    return [
        f"{ref['id']} ({audits[ref['id']].get('displayValue') or audits[ref['id']]['score']})"
        for ref in report["categories"][key]["auditRefs"]
        if ref["weight"] > 0
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    ]


def median_run(lighthouse, url, out, name, env, runs, categories=CATEGORIES):
    """`runs` runs of Lighthouse, as its authors advise against the noise of a
    busy machine: the run of median performance is kept (as name.report.*)."""
    results = [
        audit(lighthouse, url, out, f"{name}.{run}", env, categories)
        for run in range(runs)
    ]
    results.sort(key=lambda result: result[0].get("performance", 0))
    median = len(results) // 2
    for suffix in (".report.json", ".report.html"):
        (out / f"{name}.{median}{suffix}").replace(out / f"{name}{suffix}")
    for run in range(runs):
        for suffix in (".report.json", ".report.html"):
            (out / f"{name}.{run}{suffix}").unlink(missing_ok=True)
    return results[median]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", required=True, help="the lighthouse command")
    parser.add_argument(
        "--out", default=str(ROOT / "screenshots" / "lighthouse"), help="reports"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("LIGHTHOUSE_RUNS", "3")),
        help="runs per page; the median one counts (LIGHTHOUSE_RUNS, 3)",
    )
    parser.add_argument(
        "--categories",
        default=",".join(CATEGORIES),
        help="categories to audit (the suite leaves out performance: a timing)",
    )
    args = parser.parse_args()
    categories = [key for key in CATEGORIES if key in args.categories.split(",")]
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        raise SystemExit(f"Chromium est absent ({chrome}) : apt-get install chromium.")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    work = Path(tempfile.mkdtemp(prefix="persev-lighthouse-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.lighthouse_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        # Plain HTTP on this machine: no redirection to HTTPS, no HSTS.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "WAGTAILADMIN_BASE_URL": base_url,
        "CHROME_PATH": chrome,
    }
    manage = [PYTHON, "manage.py"]
    # Stopped (Ctrl+C, kill): still stop gunicorn and remove the folder.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    server = None
    try:
        say(f"== Démonstration dans {work} (réglages de production)")
        quiet = {"stdout": subprocess.DEVNULL}
        run([*manage, "migrate", "--noinput"], env, **quiet)
        run([*manage, "load_site_demo", "--no-admin"], env, **quiet)
        run([*manage, "collectstatic", "--noinput"], env, **quiet)
        shell = run(
            [*manage, "shell", "--verbosity=0", "-c", PAGES_CODE],
            env,
            capture_output=True,
            text=True,
        )
        pages = json.loads(shell.stdout.strip().splitlines()[-1])
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        server = subprocess.Popen(
            [gunicorn, "persev_site.wsgi", "--bind", f"127.0.0.1:{port}"]
            # Threads (gthread) keep connections alive, as the proxy in front
            # does in production: with one TCP connection per request, each
            # stylesheet would pay a new handshake on the emulated 4G.
            + ["--workers", "2", "--threads", "4", "--keep-alive", "5"]
            + ["--access-logfile", "/dev/null", "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )
        wait_for(base_url + "/", server)
        # A served site is warm: load each page a few times first, so that the
        # first request of each worker (imports, templates) is not measured.
        for _name, path in pages * 4:
            with urllib.request.urlopen(base_url + path, timeout=30):  # noqa: S310
                pass

        say(
            f"== Lighthouse (mobile, médiane de {args.runs} passage(s)) sur {base_url}, "
            f"rapports dans {out}"
        )
        results, failed = [], False
        for name, path in pages:
            scores, report = median_run(
                args.lighthouse, base_url + path, out, name, env, args.runs, categories
            )
            missed = {
                key: below_target(report, key)
                for key in categories
                if scores[key] < TARGETS[key]
            }
            results.append((name, path, scores))
            say(
                f"{name:<10} "
                + "  ".join(
                    f"{LABELS[key]} {scores[key]:>3}{'' if not missed.get(key) and scores[key] >= TARGETS[key] else ' ✗'}"
                    for key in categories
                )
            )
            for key, audits in missed.items():
                failed = True
                say(f"    {LABELS[key]} < {TARGETS[key]} : {', '.join(audits)}")
        (out / "scores.json").write_text(
            json.dumps([{"page": n, "path": p, **s} for n, p, s in results], indent=2),
            encoding="utf-8",
        )
        targets = ", ".join(f"{LABELS[k]} ≥ {TARGETS[k]}" for k in categories)
        say(
            ("Objectifs atteints" if not failed else "Objectifs manqués")
            + f" ({targets})."
        )
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
