"""Served to a team: native TLS, and behind a TLS proxy. Cookies are Secure in both;
behind a proxy, sign-in throttling counts the client's forwarded address."""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import subprocess
import urllib.request
from contextlib import contextmanager

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from salescoach.accounts.users import Accounts
from salescoach.store import Store
from tests.live import BIN, ROOT, free_port, stop, wait_until
from tests.page_client import PASSWORD, PageClient, add_account


def self_signed(folder):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname = False
UNVERIFIED.verify_mode = ssl.CERT_NONE


@contextmanager
def page_server(folder, *options):
    db = folder / "scores.db"
    add_account(Accounts(Store(db)), "ana", "Ana Lima")
    port, log = free_port(), folder / "web.log"
    proc = subprocess.Popen(
        [str(BIN / "salescoach"), "web", "--host", "0.0.0.0", "--port", str(port), *options],
        cwd=ROOT,
        env={**os.environ, "SALESCOACH_DB": str(db)},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        yield port, proc, log
    finally:
        stop(proc)


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2, context=UNVERIFIED)
        return True
    except OSError:
        return False


def test_native_tls_serves_https_with_secure_cookies(tmp_path):
    cert, key = self_signed(tmp_path)
    with page_server(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key)) as (port, proc, log):
        url = f"https://127.0.0.1:{port}/signin"
        wait_until(lambda: answers(url), url, proc, log)
        with urllib.request.urlopen(url, context=UNVERIFIED) as page:
            assert page.status == 200
            cookie = page.headers["Set-Cookie"].lower()
        assert "salescoach_csrf=" in cookie and "secure" in cookie and "samesite=strict" in cookie


def test_behind_a_proxy_cookies_are_secure_and_throttling_counts_the_forwarded_address(tmp_path):
    with page_server(tmp_path, "--behind-proxy") as (port, proc, log):
        base = f"http://127.0.0.1:{port}/"
        wait_until(lambda: answers(base + "signin"), base, proc, log)
        attacker = PageClient(base)
        _, headers, _ = attacker.request("signin")
        assert "secure" in headers["Set-Cookie"].lower()
        attacker.csrf = next(c.value for c in attacker.jar if c.name == "salescoach_csrf")
        # The proxy speaks plain HTTP to the page; the browser sent the Secure cookie over TLS.
        cookie = {"Cookie": f"salescoach_csrf={attacker.csrf}"}
        forwarded = {"X-Forwarded-For": "203.0.113.7", **cookie}
        for n in range(30):
            login = {"login": f"guess{n}", "password": "wrong password"}
            assert attacker.json("api/signin", login, headers=forwarded)[0] == 401
        login = {"login": "ana", "password": PASSWORD}
        assert attacker.json("api/signin", login, headers=forwarded)[0] == 429
        elsewhere = {"X-Forwarded-For": "198.51.100.2", **cookie}
        assert attacker.json("api/signin", login, headers=elsewhere)[0] == 200
    assert "from 203.0.113.7" in log.read_text()
