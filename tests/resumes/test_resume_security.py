"""Nothing in a template or in candidate data can reach the network or the filesystem, and
candidate text is always shown as text."""

from __future__ import annotations

import base64
import io
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from mustard_core.resumes import BUILTIN_TEMPLATES, Branding, ResumeOptions
from mustard_core.resumes.samples import sample_candidate

PASSWD_MARKER = "root:x:0:0"


def make_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "#ff0000").save(out, format="PNG")
    return out.getvalue()


class RecordingServer:
    """A real HTTP server on 127.0.0.1 that answers everything and remembers every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorded = self.requests
        png = make_png()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorded.append(self.path)
                body = png if self.path.endswith(".png") else b"body { color: red }"
                self.send_response(200)
                self.send_header("Content-Type",
                                 "image/png" if self.path.endswith(".png") else "text/css")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


def test_the_recording_server_does_record(server):
    """The SSRF tests below rely on this server noticing a fetch; prove that it does."""
    with urllib.request.urlopen(f"{server.url}/probe.png") as response:
        assert response.status == 200
    assert server.requests == ["/probe.png"]


def hostile_template(url: str) -> str:
    foreign_data_uri = "data:image/png;base64," + base64.b64encode(make_png()).decode()
    return f"""<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="{url}/style.css">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="attachment" href="{url}/attachment.png">
<link rel="attachment" href="file:///etc/passwd">
<style>
@import url("{url}/import.css");
@import url("file:///etc/passwd");
@font-face {{ font-family: Evil; src: url("{url}/font.ttf"); }}
@font-face {{ font-family: Evil2; src: url("file:///etc/passwd"); }}
body {{ background: url("{url}/background.png"); font-family: Evil, Evil2; }}
h1 {{ background-image: url("file:///etc/passwd"); }}
</style>
</head><body>
<h1>{{{{ candidate.display_name }}}}</h1>
<p>{{{{ summary[0].text if summary else "" }}}}</p>
<img src="{url}/img.png">
<img src="file:///etc/passwd">
<img src="../../../../../etc/passwd">
<img src="https://assets.mustard.invalid/templates/../../../etc/passwd">
<img src="{foreign_data_uri}">
<object data="{url}/object.png"></object>
<embed src="{url}/embed.png">
<iframe src="{url}/iframe.html"></iframe>
<svg width="10" height="10"><image href="{url}/svg.png" width="10" height="10"/></svg>
<a href="{url}/link.png">link</a>
{{% for link in links %}}<a href="{{{{ link.url }}}}">{{{{ link.url }}}}</a>{{% endfor %}}
</body></html>"""


def hostile_candidate(url: str) -> dict:
    candidate = sample_candidate()
    profile = candidate["profile"]
    profile["summary"] = (f'<img src="{url}/summary.png"> <link rel="stylesheet" '
                          f'href="{url}/summary.css"> <img src="file:///etc/passwd">')
    profile["links"] = [{"url": f"{url}/profile-link.png", "kind": "website"},
                        {"url": "file:///etc/passwd", "kind": "website"}]
    profile["experience"][0]["description"] = f"<style>@import url({url}/desc.css);</style>"
    return candidate


def assert_nothing_leaked(pdf, read, server) -> None:
    assert pdf.pages >= 1
    assert server.requests == []
    assert PASSWD_MARKER not in read.text
    assert b"/EmbeddedFile" not in pdf.data  # no attachment was fetched and embedded


def test_a_hostile_tenant_template_fetches_nothing(renderer, pdf_reader, server):
    pdf = renderer.render_pdf(hostile_candidate(server.url), ResumeOptions(template="acme"),
                              tenant_template=hostile_template(server.url))
    read = pdf_reader(pdf.data)

    assert_nothing_leaked(pdf, read, server)
    assert "Amelia Hartley" in read.text
    # The renderer was asked and said no: to the server, to file:, and to a data: URI it did
    # not create itself.
    assert "http://127.0.0.1" in pdf.refused_urls
    assert "file://" in pdf.refused_urls
    assert "data: URI" in pdf.refused_urls


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_hostile_candidate_data_fetches_nothing(renderer, pdf_reader, server, template):
    pdf = renderer.render_pdf(hostile_candidate(server.url), ResumeOptions(template=template))
    read = pdf_reader(pdf.data)

    assert_nothing_leaked(pdf, read, server)
    assert pdf.refused_urls == ()  # escaped markup is text: nothing was even asked for
    assert f'<img src="{server.url}/summary.png">' in read.flat  # shown as text
    assert "file:///etc/passwd" in read.text  # a link that is not http(s) stays inert text


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_a_hostile_svg_logo_fetches_nothing(renderer, pdf_reader, server, template):
    logo = f"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="40">
<text x="0" y="20">&secret;</text>
<image href="{server.url}/logo.png" width="40" height="40"/>
<image xlink:href="file:///etc/passwd" width="40" height="40"/>
<style>@import url("{server.url}/logo.css");</style>
</svg>""".encode()
    branding = Branding(company_name="Northbridge", logo=logo, logo_media_type="image/svg+xml")
    pdf = renderer.render_pdf({"name": "Ada"}, ResumeOptions(template=template), branding)

    assert_nothing_leaked(pdf, pdf_reader(pdf.data), server)


def test_tenant_font_faces_cannot_change_the_shared_fonts(renderer, pdf_reader):
    """A tenant's @font-face would land in the font configuration every render shares."""
    hijack = """<html><head><style>
@font-face { font-family: "Noto Sans"; src: url("https://assets.mustard.invalid/fonts/OpenSans-Regular.ttf"); }
@font-face { font-family: "Noto Sans"; src: local("DejaVu Sans"); }
</style></head><body><p style="font-family: 'Noto Sans'">{{ candidate.display_name }}</p>
</body></html>"""  # noqa: E501
    hijacked = renderer.render_pdf({"name": "Ada"}, ResumeOptions(template="acme"),
                                   tenant_template=hijack)
    after = pdf_reader(renderer.render_pdf({"name": "Ada"}, ResumeOptions()).data)

    assert "https://assets.mustard.invalid" in hijacked.refused_urls
    assert "file://" in hijacked.refused_urls
    assert pdf_reader(hijacked.data).fonts == {"Noto-Sans"}
    assert after.fonts == {"Noto-Sans-Bold", "Noto-Sans"}


def test_tenant_templates_may_use_the_bundled_assets(renderer, pdf_reader):
    template = """<html><head><link rel="stylesheet" href="classic.css">
<style>h1 { font-family: "Noto Serif"; }</style></head>
<body><h1 class="name">{{ candidate.display_name }}</h1></body></html>"""
    pdf = renderer.render_pdf({"name": "Ada Lovelace"}, ResumeOptions(template="acme"),
                              tenant_template=template)

    assert pdf.refused_urls == ()
    read = pdf_reader(pdf.data)
    assert "Ada Lovelace" in read.text
    assert "Noto-Serif-Bold" in read.fonts


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_candidate_markup_is_escaped(renderer, pdf_reader, template):
    candidate = {"name": "<script>alert(1)</script>", "headline": "<b>bold</b> & co",
                 "profile": {"summary": "<h1>Hi</h1>"}}
    options = ResumeOptions(template=template)
    html = renderer.render_html(candidate, options)
    read = pdf_reader(renderer.render_pdf(candidate, options).data)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in read.text
    assert "<b>bold</b> & co" in read.text
    assert "<h1>Hi</h1>" in read.text


def test_tenant_templates_escape_too(renderer):
    html = renderer.render_html({"name": "<img src=x onerror=alert(1)>"},
                                ResumeOptions(template="acme"),
                                tenant_template="<p>{{ candidate.display_name }}</p>")

    assert html == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
