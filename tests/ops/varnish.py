"""A varnishd of the test's own, in front of a server of the test.

`Varnish(backend_port)` starts Debian's varnishd in the foreground (-F) with
the repository's VCL (deploy/varnish/persev.vcl, its backend port replaced),
a working folder in a temporary directory and a free loopback port; `stop()`
ends it and removes the folder. `varnishd_path()` is None where Varnish is
not installed: the tests then skip, saying so.
"""

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

# No Django here: `make bench` (tests/bench/run.py) uses it too.
ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "persev.vcl"
SKIP_MESSAGE = (
    "varnishd is not installed (Debian: apt-get install varnish; .ci/run "
    "installs it): the edge cache tests need a real Varnish."
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def varnishd_path():
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )


def vcl_for(backend_port):
    text = VCL.read_text(encoding="utf-8")
    if '.port = "8000";' not in text:
        raise AssertionError(
            "The VCL's backend is no longer port 8000: update the test"
        )
    return text.replace('.port = "8000";', f'.port = "{backend_port}";')


class Varnish:
    def __init__(self, backend_port, storage="malloc,256m", extra=(), port=None):
        self.folder = Path(tempfile.mkdtemp(prefix="persev-varnish-"))
        self.port = port or free_port()
        vcl = self.folder / "persev.vcl"
        vcl.write_text(vcl_for(backend_port), encoding="utf-8")
        self.log = open(self.folder / "varnishd.log", "w+", encoding="utf-8")
        self.popen = subprocess.Popen(
            [
                varnishd_path(),
                "-F",
                # No privilege separation: the test may run as root, and the
                # temporary folder is ours only.
                "-j",
                "none",
                "-n",
                str(self.folder / "work"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(vcl),
                "-s",
                storage,
                # The test's backend is a thread of the test process: short
                # probe, quick failure.
                "-p",
                "first_byte_timeout=20",
            ],  # fmt: skip
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self._wait()

    def _wait(self, limit=30):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"varnishd stopped:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"varnishd does not answer:\n{self.output()}")

    def wait_healthy(self, path="/robots.txt", limit=60):
        """Until the backend answers through Varnish (its health probe saw
        it: a backend started after Varnish is first marked sick)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + path, timeout=10) as answer:  # noqa: S310 - ours
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"No answer through Varnish:\n{self.output()}")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-5000:]

    def stop(self):
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
