"""What every page shares: escaping, the Content-Security-Policy and the page shell.

Pages are self-contained: the stylesheet and the script are inline, allowed by their
SHA-256 hashes, and the policy forbids everything else (no network, no other script, no
inline event handlers, no images, no forms).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from importlib.resources import files
from typing import Any

# JSON inside <script type="application/json">: "</script>" or "<!--" in a document's words
# must not end the element, and U+2028/U+2029 are line breaks to older JavaScript parsers.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def escape(text: object) -> str:
    """TEXT as HTML text or attribute value: every markup character escaped, quotes too."""
    return html.escape(str(text), quote=True)


def script_json(value: Any) -> str:
    """VALUE as JSON that cannot close or confuse the <script> element holding it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


@cache
def asset(name: str) -> str:
    return files("summarizer.report").joinpath(name).read_text(encoding="utf-8")


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str | None) -> str:
    """Nothing but this exact stylesheet and script (none when SCRIPT is None)."""
    scripts = _hash_source(script) if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src {_hash_source(style)}; script-src {scripts}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def page(title: str, body: str, script: str | None = None) -> str:
    """A whole HTML document: TITLE (plain text), BODY (markup), SCRIPT run at the end."""
    style = asset("brief.css")
    policy = content_security_policy(style, script)
    tail = f"<script>{script}</script>\n" if script is not None else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n{body}\n{tail}</body>\n</html>\n"
    )
