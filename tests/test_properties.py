"""Property tests: any text, Markdown or HTML lints without raising, and every finding points at its own text."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlint.detect import prefilter
from mlint.api import lint_text, run_rules
from mlint.detect.base import RunSettings
from mlint.read import read_document

WORDS = ["Our", "stem", "cells", "regenerate", "cartilage", "cure", "guaranteed", "not", "may", "FDA-approved",
         "100%", "safe", "patients", "knee", "pain", "PRP", "never", "results", "vary", "é", "\u2019", "—", "İ", "ſ"]
MARKS = ["\n", "\n\n", ". ", "? ", ", ", "# ", "- ", "> ", "**", "`", "[", "](http://x.org)", "<!--", "-->", "\t"]
TAGS = ["<p>", "</p>", "<b>", "</b>", "<script>", "</script>", "<a href='x'>", "</a>", "&amp;", "&#8217;", "<br/>",
        "<h2>", "</h2>", "<li>", "<!--", "-->", "<", ">", "&"]
PROSE = st.lists(st.sampled_from(WORDS) | st.sampled_from(MARKS), max_size=60).map(" ".join)
HTML = st.lists(st.sampled_from(WORDS) | st.sampled_from(TAGS) | st.sampled_from(MARKS), max_size=60).map(" ".join)
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_spans_exact(text: str, result) -> None:
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.match == text[f.start:f.end]


@QUICK
@given(st.text(max_size=300))
def test_any_unicode_text(pack, text: str) -> None:
    for name in ("a.txt", "a.md", "a.html"):
        assert_spans_exact(text, lint_text(text, name, pack=pack))


@QUICK
@given(PROSE)
def test_random_markdown(pack, text: str) -> None:
    assert_spans_exact(text, lint_text(text, "page.md", pack=pack))


@QUICK
@given(HTML)
def test_random_html(pack, text: str) -> None:
    assert_spans_exact(text, lint_text(text, "page.html", pack=pack))


@QUICK
@given(PROSE)
def test_prefiltered_equals_plain_on_random_copy(pack, text: str) -> None:
    doc = read_document("page.md", text)
    with patch.object(prefilter, "RE2_AFTER", 10**12):
        plain = run_rules(doc, pack.rules, RunSettings(), [])
        with prefilter.session(pack, doc.view):
            assert run_rules(doc, pack.rules, RunSettings(), []) == plain
    with patch.object(prefilter, "RE2_AFTER", 0), prefilter.session(pack, doc.view):
        assert run_rules(doc, pack.rules, RunSettings(), []) == plain
