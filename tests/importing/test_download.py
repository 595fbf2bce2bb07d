"""SOURCE as an https:// address, served by a local server with a throwaway certificate.

No test reaches the internet: the server listens on 127.0.0.1, and the certificate it presents is
trusted through SSL_CERT_FILE for these tests only.
"""

import hashlib
import http.server
import shutil
import ssl
import subprocess
import threading

import pytest

from designations.importing import ImportRefused, import_un_list
from designations.models import Designation, ImportRun
from tests.importing.conftest import database_state, entry, un_list

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("openssl") is None,
        reason="the openssl command is needed to make the local server's certificate",
    ),
]

LIST = un_list(entry(1, "KPi.801"), entry(2, "KPe.801", kind="ENTITY")).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/consolidated.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(LIST)))
            self.end_headers()
            self.wfile.write(LIST)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"https://127.0.0.1:{httpd.server_address[1]}", "cert": cert}
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def trusted(server, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(server["cert"]))
    return server["url"]


def test_a_list_is_downloaded_over_https_and_archived(
    trusted, archive_dir, django_capture_on_commit_callbacks
):
    # The archived copy moves into place once the import has committed.
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_un_list(f"{trusted}/consolidated.xml")

    assert Designation.objects.count() == 2
    run = ImportRun.objects.get()
    assert run.location == f"{trusted}/consolidated.xml"
    assert run.sha256 == hashlib.sha256(LIST).hexdigest() == outcome.sha256
    assert (archive_dir / run.archive_path).read_bytes() == LIST


def test_a_download_larger_than_the_limit_is_refused(trusted, settings):
    settings.ATLAS_IMPORT_MAX_BYTES = 100
    before = database_state()

    with pytest.raises(
        ImportRefused, match=f"it is {len(LIST):,} bytes, more than the 100-byte limit"
    ):
        import_un_list(f"{trusted}/consolidated.xml")

    assert database_state() == before


def test_a_missing_page_is_refused(trusted):
    with pytest.raises(ImportRefused, match="the server answered 404 Not Found."):
        import_un_list(f"{trusted}/missing.xml")


def test_a_server_with_an_untrusted_certificate_is_refused(server):
    with pytest.raises(ImportRefused, match="CERTIFICATE_VERIFY_FAILED"):
        import_un_list(f"{server['url']}/consolidated.xml")
    assert not Designation.objects.exists()
