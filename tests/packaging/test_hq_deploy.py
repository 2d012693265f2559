"""Head office's deployment files as an operator copies them (packaging/hq, docs/hq.md):
nginx in front of a real ``ocop-hq serve``, and the backup units as systemd reads them.

Unlike the .deb's tests these change nothing on the machine: nginx runs from a temporary
prefix on free loopback ports, and units are only verified. Each test is skipped where its tool
(nginx, openssl, systemd-analyze) is missing.
"""

import os
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from hq import operators
from hq.bank.wire import WAIT_MAX_S
from hq.limits import MIB, ROUTE_LIMITS
from tests.hq.conftest import HqServer, free_port

ROOT = Path(__file__).resolve().parents[2]
HQ = ROOT / "packaging/hq"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PASSWORD = "a long enough password"

needs_nginx = pytest.mark.skipif(
    NGINX is None or shutil.which("openssl") is None,
    reason="nginx and openssl are needed (apt-get install nginx-light openssl)",
)


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "hq.pem", folder / "hq.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def _site(folder: Path, *, hq_port=8080, http_port=None, https_port=None) -> str:
    """packaging/hq/nginx.conf with a test certificate, and moved to loopback ports if asked."""
    cert, key = _certificate(folder)
    site = (HQ / "nginx.conf").read_text()
    site = re.sub(r"ssl_certificate /\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key /\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{hq_port};")
    if http_port:
        site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    return site


def _nginx_conf(folder: Path, site: str) -> Path:
    """A whole nginx configuration around ``site``, everything under ``folder``."""
    (folder / "ocop-hq.conf").write_text(site)
    temp = "".join(
        f"{kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root nginx's workers would be "nobody", who cannot enter pytest's private folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}include {folder}/ocop-hq.conf;\n}}\n"
    )
    return conf


@needs_nginx
def test_the_proxy_config_passes_nginx_t_as_shipped(tmp_path):
    conf = _nginx_conf(tmp_path, _site(tmp_path))
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_the_proxy_takes_the_bodies_and_waits_head_office_does():
    site = (HQ / "nginx.conf").read_text()
    body = int(re.search(r"client_max_body_size (\d+)m;", site)[1]) * MIB
    assert body == max(limit for _, limit in ROUTE_LIMITS)
    transfers = site[site.index("location /api/v1/transfers/") :]
    read = int(re.search(r"proxy_read_timeout (\d+)s;", transfers)[1])
    assert read > WAIT_MAX_S and "proxy_buffering off;" in transfers


@pytest.fixture
def behind_nginx(tmp_path):
    """(head office, its https URL, the plain http URL, the certificate) with nginx in front."""
    server = HqServer(f"sqlite:///{tmp_path / 'hq.sqlite3'}", tmp_path).start()
    http_port, https_port = free_port(), free_port()
    site = _site(tmp_path, hq_port=server.port, http_port=http_port, https_port=https_port)
    conf = _nginx_conf(tmp_path, site)
    proc = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                if httpx.get(f"{url}/api/v1/health", verify=False, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
        yield server, url, f"http://127.0.0.1:{http_port}", tmp_path / "hq.pem"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
        server.stop()


@needs_nginx
def test_behind_nginx_head_office_sees_https_the_client_and_the_host(behind_nginx):
    server, url, plain, cert = behind_nginx
    with server.session_factory.begin() as s:
        operators.add_operator(s, "lan", PASSWORD)
    moved = httpx.get(f"{plain}/login", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"].startswith("https://")
    # The browser connects from 127.0.0.2: nginx (127.0.0.1) must pass that on.
    transport = httpx.HTTPTransport(
        local_address="127.0.0.2", verify=ssl.create_default_context(cafile=cert)
    )
    with httpx.Client(transport=transport, base_url=url) as browser:
        form = browser.get("/login")
        assert "Secure" in form.headers["set-cookie"]  # head office knows it is served over https
        assert len(form.headers.get_list("strict-transport-security")) == 1
        csrf = re.search(r"name='csrf' value='([^']+)'", form.text)[1]
        origin = {"Origin": url, "Content-Type": "application/x-www-form-urlencoded"}
        wrong = browser.post("/login", data={"name": "lan", "password": "guess", "csrf": csrf},
                             headers=origin)  # fmt: skip
        assert wrong.status_code == 303 and wrong.headers["location"] == "/login?failed=1"
        right = browser.post("/login", data={"name": "lan", "password": PASSWORD, "csrf": csrf},
                             headers=origin)  # fmt: skip
        assert right.status_code == 303 and "failed" not in right.headers["location"]
    with server.engine.connect() as conn:
        keys = {k for (k,) in conn.exec_driver_sql("SELECT key FROM sign_in_failures")}
    assert "address:127.0.0.2" in keys  # the throttle counts the browser, not the proxy


@needs_nginx
def test_behind_nginx_a_push_sized_body_reaches_head_office_and_a_larger_one_does_not(
    behind_nginx,
):
    server, url, _plain, cert = behind_nginx
    verify = ssl.create_default_context(cafile=cert)
    with httpx.Client(verify=verify, base_url=url, timeout=60) as kiosk:
        enrolled = kiosk.post("/api/v1/enrol", json={"code": server.add_terminal("NGINX-1")})
        bearer = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        # A push of no entries padded to 15 MiB: head office reads all of it and answers.
        body = b'{"backlog": 0, "entries": []}'
        fits = kiosk.post("/api/v1/push", content=body.ljust(15 * MIB), headers=bearer)
        assert fits.status_code == 200 and fits.json()["results"] == []
        too_big = kiosk.post("/api/v1/push", content=body.ljust(17 * MIB), headers=bearer)
        assert too_big.status_code == 413 and "nginx" in too_big.text


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_backup_service_and_timer_verify(tmp_path):
    # The unit runs the script from /usr/local/sbin once installed; here from the checkout.
    service = (HQ / "ocop-hq-backup.service").read_text()
    assert "ExecStart=/usr/local/sbin/ocop-hq-backup\n" in service
    (tmp_path / "ocop-hq-backup.service").write_text(
        service.replace("/usr/local/sbin/ocop-hq-backup", str(HQ / "ocop-hq-backup"))
    )
    shutil.copy(HQ / "ocop-hq-backup.timer", tmp_path)
    done = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / f"ocop-hq-backup.{k}")
                                        for k in ("service", "timer"))],
        capture_output=True, text=True,
    )  # fmt: skip
    # verify only warns (exit 0) about a setting it ignores: any word from it is a fault.
    assert done.returncode == 0 and done.stderr == "", done.stderr
