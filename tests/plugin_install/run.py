"""The campaign plugin installed as another académie would (`make
test-plugin-install`, called by .ci/run; slow, not part of `make test`).

For each Django line: build the plugin's wheel, create a fresh virtualenv,
`pip install wagtail==8.0.*` with that Django and the wheel, `wagtail start
host`, apply exactly the host contract (contract.py), then `check`,
`migrate`, `collectstatic`, `load_campaign_demo` twice, verify.py and
`run_scheduler --once` in that virtualenv: styled pages with their feed
links, the API days equal to the shared examples, the four feeds, the
widget, the admin as a superuser (in French), "Programmer la semaine" after
Wagtail's moderation.

Django 5.2 runs on this repository's Python; Django 6.0 needs Python ≥ 3.12
(PERSEV_PYTHON312, or /root/.pyenv/versions/3.12.1/bin/python): skipped
with a message when there is none.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.plugin_install import contract

ROOT = Path(__file__).resolve().parents[2]
# ../shared/spec/examples next to the checkout (or to the worktrees' folder).
EXAMPLES = next(
    (
        folder / "shared" / "spec" / "examples"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "spec" / "examples").is_dir()
    ),
    ROOT.parent / "shared" / "spec" / "examples",
)
HERE = Path(__file__).resolve().parent
PYTHON312 = os.environ.get(
    "PERSEV_PYTHON312", "/root/.pyenv/versions/3.12.1/bin/python"
)


def run(command, **kwargs):
    print("$", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def build_wheel(outdir):
    # The sdist, then the wheel built from it in a temporary copy (as `make
    # dist`): nothing is written into campaign/.
    run(
        [
            sys.executable,
            "-m",
            "build",
            "--outdir",
            outdir,
            ROOT / "campaign",
        ]
    )
    (wheel,) = Path(outdir).glob("persev_campaign-*.whl")
    return wheel


def python_version(python):
    out = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return tuple(int(part) for part in out.split("."))


def try_host(python, django_spec, wheel, workdir, examples):
    """Install, set up and verify one host; raises CalledProcessError."""
    venv = workdir / "venv"
    run([python, "-m", "venv", venv])
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet"]
    run([*pip, "--upgrade", "pip"])
    run([*pip, "wagtail==8.0.*", django_spec, wheel])
    site = workdir / "site"
    site.mkdir()
    run([venv / "bin" / "wagtail", "start", "host", site])
    contract.apply(site, "host")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO", "DATABASE"))
        },
        "DJANGO_SETTINGS_MODULE": "host.settings.dev",
    }
    manage = [venv / "bin" / "python", site / "manage.py"]
    # No message at all: the contract is kept, nothing warns.
    run([*manage, "check", "--fail-level", "WARNING"], cwd=site, env=env)
    run([*manage, "migrate", "--noinput"], cwd=site, env=env)
    run([*manage, "collectstatic", "--noinput", "-v", "0"], cwd=site, env=env)
    run([*manage, "load_campaign_demo"], cwd=site, env=env)
    run([*manage, "load_campaign_demo"], cwd=site, env=env)
    run(
        [venv / "bin" / "python", HERE / "verify.py", site, "host", examples],
        cwd=site,
        env=env,
    )
    # The scheduler the README runs beside the server: one pass, then stop.
    run([*manage, "run_scheduler", "--once"], cwd=site, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    hosts = [("Django 5.2", sys.executable, "Django>=5.2,<5.3")]
    if Path(PYTHON312).exists() and python_version(PYTHON312) >= (3, 12):
        hosts.append(("Django 6.0", PYTHON312, "Django>=6.0,<6.1"))
    else:
        print(f"SKIPPED Django 6.0: no Python ≥ 3.12 at {PYTHON312} (PERSEV_PYTHON312)")
    if not EXAMPLES.is_dir():
        sys.exit(f"The shared examples are missing: {EXAMPLES}")
    workroot = Path(tempfile.mkdtemp(prefix="campaign-install-"))
    failed = []
    try:
        wheel = build_wheel(workroot / "dist")
        for name, python, django_spec in hosts:
            print(f"== {name} ({python})", flush=True)
            workdir = workroot / name.replace(" ", "-")
            workdir.mkdir()
            try:
                try_host(python, django_spec, wheel, workdir, EXAMPLES)
            except subprocess.CalledProcessError as error:
                print(f"FAILED {name}: {error}", flush=True)
                failed.append(name)
            else:
                print(f"OK {name}", flush=True)
    finally:
        if args.keep:
            print(f"Work directory kept: {workroot}")
        else:
            shutil.rmtree(workroot, ignore_errors=True)
    if failed:
        sys.exit("The plugin does not install cleanly on: " + ", ".join(failed))


if __name__ == "__main__":
    main()
