"""The HTML brief in a real headless browser: Debian's chromium (apt) driven by Playwright.

Playwright's own browser download does not work here, so the system browser is launched by
path. In CI (CI=true) a missing browser or Playwright fails these tests; elsewhere they
are skipped with the reason. The seed brief's screenshot is kept in $ARTIFACTS_DIR (or the
test's tmp directory) for a human to look at.
"""

from __future__ import annotations

import http.server
import importlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = Path(os.environ.get("SUMMARIZER_CHROMIUM", "/usr/bin/chromium"))
if IN_CI:  # a missing package is a failure in CI, never a skip
    sync_api: Any = importlib.import_module("playwright.sync_api")
else:
    sync_api = pytest.importorskip("playwright.sync_api")

# Where an item's highlighted words are on screen, and the viewport's height.
IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: window.innerHeight, width: window.innerWidth,
          left: box.left, right: box.right};
}"""
# Evidence id -> the text of its highlighted segments, joined in document order.
HIGHLIGHTED_WORDS = """() => {
  const words = {};
  for (const mark of document.querySelectorAll('mark.hl')) {
    for (const id of mark.dataset.ev.split(' ')) {
      words[id] = (words[id] || '') + mark.textContent;
    }
  }
  return words;
}"""


class CountingHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[int, list[str]]]:
    """A server on 127.0.0.1 that records every path requested of it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    server.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], server.paths  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        why = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        pytest.fail(why) if IN_CI else pytest.skip(why)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open a file in a fresh 1280x720 page; the page's script errors fail the test."""
    contexts, errors = [], []

    def open_(path: Path, *, bypass_csp: bool = False) -> Any:
        context = browser.new_context(
            viewport={"width": 1280, "height": 720}, bypass_csp=bypass_csp
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == []


def _summarize(cli: Any, document: Path, format: str, output: Path) -> Path:
    ran = cli(
        "summarize", str(document), "--model", "extractive", "--format", format, "-o", str(output)
    )
    assert ran.exit_code == 0, ran.output
    return output


@pytest.fixture
def seed_brief(cli: Any, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The seed's HTML brief and its JSON summary (extractive engine)."""
    html = _summarize(cli, SEED, "html", tmp_path / "seed.html")
    summary = json.loads(_summarize(cli, SEED, "json", tmp_path / "seed.json").read_text())
    return html, summary


def _grounded(summary: dict[str, Any]) -> list[dict[str, Any]]:
    sections = ("sources", "positions", "agreements", "risks", "key_facts", "contradictions")
    quotes = []
    for section in sections:
        for item in summary[section]:
            quotes += (
                item.get("statements", []) + item.get("mentions", []) + item.get("evidence", [])
            )
    return [quote for quote in quotes if quote["match"] != "unmatched"]


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ARTIFACTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_grounded_evidence_is_highlighted_with_its_own_words(
    open_page: Any, seed_brief: tuple[Path, dict[str, Any]], seed_text: str, tmp_path: Path
) -> None:
    html, summary = seed_brief
    page = open_page(html)
    words = page.evaluate(HIGHLIGHTED_WORDS)
    grounded = _grounded(summary)
    assert len(words) == len(grounded) > 10
    assert sorted(words.values()) == sorted(seed_text[q["start"] : q["end"]] for q in grounded)
    assert page.inner_text("#document") == seed_text
    screenshot = _artifacts(tmp_path) / "seed-brief.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000


def test_clicking_the_first_position_scrolls_its_evidence_into_view(
    open_page: Any, seed_brief: tuple[Path, dict[str, Any]]
) -> None:
    page = open_page(seed_brief[0])
    position = page.locator('section[data-section="positions"] button.item').first
    first_evidence = position.get_attribute("data-ev").split()[0]
    mark = f'mark.hl[data-ev~="{first_evidence}"]'
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    before = page.evaluate(IN_VIEW, mark)
    assert before["bottom"] < 0 or before["top"] > before["height"], "starts out of view"
    position.click()
    after = page.evaluate(IN_VIEW, mark)
    assert after["top"] >= 0 and after["bottom"] <= after["height"]
    assert after["left"] >= 0 and after["right"] <= after["width"]
    assert "marked" in page.get_attribute(mark, "class")
    assert "marked" in position.get_attribute("class")


def test_clicking_a_highlight_lists_the_items_citing_it(
    open_page: Any, seed_brief: tuple[Path, dict[str, Any]]
) -> None:
    page = open_page(seed_brief[0])
    shared = page.locator("mark.hl.multi").first
    assert page.is_hidden("#cited-by")
    shared.click()
    citing = page.locator("#cited-by button.cite")
    assert page.is_visible("#cited-by") and citing.count() >= 2
    label = citing.nth(1).inner_text()
    citing.nth(1).click()
    focused = page.evaluate("document.activeElement.innerText")
    assert label.split(": ", 1)[1] in focused
    assert "marked" in page.evaluate("document.activeElement.className")


def test_items_and_highlights_work_from_the_keyboard(
    open_page: Any, seed_brief: tuple[Path, dict[str, Any]]
) -> None:
    page = open_page(seed_brief[0])
    page.focus('section[data-section="risks"] button.item')
    page.keyboard.press("Enter")
    assert page.locator("mark.hl.marked").count() >= 1
    page.keyboard.press("Tab")  # a real keyboard move shows the focus ring
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.focus("mark.hl")
    page.keyboard.press("Enter")
    assert page.is_visible("#cited-by")


def test_filters_hide_a_section_and_keep_a_source(
    open_page: Any, seed_brief: tuple[Path, dict[str, Any]]
) -> None:
    page = open_page(seed_brief[0])
    sources = 'section[data-section="sources"] li'
    assert page.locator(sources).first.is_visible()
    page.uncheck('input.section-filter[value="sources"]')
    assert not page.locator(sources).first.is_visible()
    colours = page.evaluate("[...document.querySelectorAll('mark.hl')].map(m => m.dataset.sec)")
    assert "sources" not in colours and "" in colours, "source-only words are left unhighlighted"
    page.check('input.section-filter[value="sources"]')
    page.select_option("#source-filter", "S1")
    shown = page.locator('section[data-section="sources"] li:visible')
    assert shown.count() == 1 and shown.inner_text().startswith("S1 · ")


HOSTILE = (
    "Officials said <script>window.pwned=1</script> on Monday.\n"
    'A clerk wrote </textarea><a href="javascript:window.pwned=2">click me</a> &amp; left.\n'
    'The council said <img src="http://127.0.0.1:{port}/from-document"> would load.\n'
)


def test_a_hostile_document_shows_as_text_and_runs_nothing(
    cli: Any,
    open_page: Any,
    tmp_path: Path,
    local_server: tuple[int, list[str]],
) -> None:
    port, requests = local_server
    text = HOSTILE.format(port=port)
    document = tmp_path / "hostile.txt"
    document.write_text(text, encoding="utf-8")
    page = open_page(_summarize(cli, document, "html", tmp_path / "hostile.html"))
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.inner_text("#document") == text
    assert page.locator("#document script, #document a, #document img").count() == 0
    page.wait_for_load_state("networkidle")
    assert requests == []


INJECT_IMAGE = """(url) => new Promise((resolve) => {
  document.addEventListener('securitypolicyviolation', (event) => {
    resolve({directive: event.effectiveDirective, blocked: event.blockedURI});
  });
  const image = document.createElement('img');
  image.src = url;
  image.addEventListener('load', () => resolve({loaded: true}));
  image.addEventListener('error', () => setTimeout(() => resolve({error: true}), 500));
  document.body.appendChild(image);
})"""


def test_the_policy_blocks_an_injected_request(
    open_page: Any,
    seed_brief: tuple[Path, dict[str, Any]],
    local_server: tuple[int, list[str]],
) -> None:
    port, requests = local_server
    page = open_page(seed_brief[0])
    outcome = page.evaluate(INJECT_IMAGE, f"http://127.0.0.1:{port}/injected")
    assert outcome == {"directive": "img-src", "blocked": f"http://127.0.0.1:{port}/injected"}
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.injected = 1'; document.body.appendChild(s); }""")
    assert page.evaluate("typeof window.injected") == "undefined"
    assert requests == []


def test_without_the_policy_the_same_injection_reaches_the_server(
    open_page: Any,
    seed_brief: tuple[Path, dict[str, Any]],
    local_server: tuple[int, list[str]],
) -> None:
    """The control of the test above: the server and the injection do work."""
    port, requests = local_server
    page = open_page(seed_brief[0], bypass_csp=True)
    page.evaluate(INJECT_IMAGE, f"http://127.0.0.1:{port}/injected")
    assert requests == ["/injected"]
