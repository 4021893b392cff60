"""HTML (.html, .htm): text nodes plus alt, title, visible input values, meta-description and JSON-LD prose; tags,
scripts, styles and comments left out.  SVG and MathML text is read like any other text.

Entities are decoded in the view while every character still maps back to
its place in the source.
"""

from __future__ import annotations

import html

import regex

from mlint.deferred import Deferred
from mlint.read.document import INVISIBLE_CHARS, Document, ViewBuilder

# Linear by construction: an opening tag, a declaration or a processing instruction ends at the next "<" if no ">"
# comes first (16 KB of "<script " took 16 s when every start scanned to the end of the file).
TOKEN = Deferred(__name__,
    r"""(?P<comment><!--(?:-?>|.*?(?:--!?>|\Z)))
      | (?P<raw><(?P<rawname>script|style|template)(?![\w:-])(?P<rawattrs>(?:[^<>"']|"[^"]*"|'[^']*')*)>
        (?P<body>.*?)(?:</(?P=rawname)(?![\w:-])[^<>]*>|\Z))
      | (?P<decl><![^<>]*>|<\?[^<]*?\?>)
      | (?P<tag></?(?P<name>[A-Za-z][\w:-]*)(?P<attrs>(?:[^<>"']|"[^"]*"|'[^']*')*)>)
      | (?P<entity>&(?:\#\d{1,7}|\#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)""",
    regex.VERBOSE | regex.DOTALL | regex.IGNORECASE,
)
ATTRIBUTE = Deferred(__name__, r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
ENTITY = Deferred(__name__, r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
BLOCK = frozenset("""
    address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol option p pre section summary table tbody
    td tfoot th thead title tr ul button label select textarea
""".split())
PROSE_ATTRIBUTES = frozenset(("alt", "title", "aria-label", "placeholder"))
# A JSON-LD block (FAQ answers, reviews, product copy that search engines show as rich results): the string values
# of these keys are published prose.
JSON_LD = Deferred(__name__, r"application/ld\+json", regex.IGNORECASE)
JSON_PROSE = Deferred(__name__,
    r'"(?:text|name|description|headline|alternativeHeadline|abstract|articleBody|reviewBody|caption|slogan|disambiguatingDescription)"'
    r'\s*:\s*"(?P<value>(?:[^"\\]|\\.)*)"')
JSON_ESCAPE = Deferred(__name__, r'\\(?:u[0-9A-Fa-f]{4}|.)')
VISIBLE_VALUE = frozenset(("submit", "button", "reset", "text", "search", ""))  # input types whose value shows
DESCRIPTIONS = frozenset(("description", "og:description", "twitter:description", "og:title", "twitter:title"))


def read(path: str, text: str) -> Document:
    """An HTML document's visible prose."""
    out = ViewBuilder(text)
    pos = 0
    for m in TOKEN.finditer(text):
        _text(out, text, pos, m.start())
        pos = m.end()
        if m.group("entity"):
            _entity(out, m)
        elif m.group("tag"):
            _tag(out, text, m)
        elif not m.group("comment"):  # a comment renders as nothing: "res<!-- -->tore" reads "restore"
            out.block(m.start())
            if m.group("raw") and JSON_LD.search(text, m.start("rawattrs"), m.end("rawattrs")):
                _json_ld(out, text, m.start("body"), m.end("body"))
    _text(out, text, pos, len(text))
    return out.build(path, "html")


def _json_ld(out: ViewBuilder, text: str, start: int, end: int) -> None:
    """The prose string values of a JSON-LD block, each its own block, JSON escapes decoded."""
    for m in JSON_PROSE.finditer(text, start, end):
        out.block(m.start("value"))
        pos = m.start("value")
        for e in JSON_ESCAPE.finditer(text, pos, m.end("value")):
            out.keep(pos, e.start(), soft_newlines=True)
            out.put(e.start(), e.end(), _json_char(e.group()))
            pos = e.end()
        out.keep(pos, m.end("value"), soft_newlines=True)
        out.block(m.end("value"))


def _json_char(escape: str) -> str:
    """The character a JSON escape stands for (a lone surrogate as a space: it cannot stand alone in the view)."""
    if escape[1] == "u":
        char = chr(int(escape[2:], 16))
        return " " if "\ud800" <= char <= "\udfff" else char
    return {"n": " ", "t": " ", "r": " ", "b": " ", "f": " "}.get(escape[1], escape[1])


def _entity(out: ViewBuilder, m: regex.Match) -> None:
    """An entity's character in the view; an invisible one (`&shy;`, `&#8203;`, `&zwj;`) is dropped like the raw
    character, so it cannot split a word."""
    char = html.unescape(m.group())
    if char not in INVISIBLE_CHARS:
        out.put(m.start(), m.end(), char)


def _text(out: ViewBuilder, text: str, start: int, end: int) -> None:
    """Copy a text node (or attribute value), decoding entities, newlines as spaces."""
    pos = start
    for m in ENTITY.finditer(text, start, end):
        out.keep(pos, m.start(), soft_newlines=True)
        _entity(out, m)
        pos = m.end()
    out.keep(pos, end, soft_newlines=True)


def _value(text: str, span: tuple[int, int] | None) -> str:
    return text[span[0]:span[1]] if span else ""


def _tag(out: ViewBuilder, text: str, m: regex.Match) -> None:
    name = m.group("name").lower()
    if name in BLOCK:
        out.block(m.start())
    elif name == "br":  # a line break inside a paragraph does not end its sentence
        out.space(m.start())
    attrs = {}
    for a in ATTRIBUTE.finditer(text, m.start("attrs"), m.end("attrs")):
        for group in (2, 3, 4):
            if a.group(group) is not None:
                attrs[a.group(1).lower()] = (a.start(group), a.end(group))
    spans = [span for key, span in attrs.items() if key in PROSE_ATTRIBUTES]
    if name == "input" and "value" in attrs and _value(text, attrs.get("type")).lower() in VISIBLE_VALUE:
        spans.append(attrs["value"])  # a button's label, a field's prefilled text
    if name == "meta" and "content" in attrs and "name" in attrs | {}:
        key = text[slice(*attrs.get("name", attrs.get("property", (0, 0))))].lower()
        if key in DESCRIPTIONS:
            spans.append(attrs["content"])
    elif name == "meta" and "property" in attrs and "content" in attrs:
        if text[slice(*attrs["property"])].lower() in DESCRIPTIONS:
            spans.append(attrs["content"])
    for start, end in spans:
        out.block(start)
        _text(out, text, start, end)
        out.block(end)
