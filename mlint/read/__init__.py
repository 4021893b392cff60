"""Format readers: each turns a file's text into a Document whose view holds only prose."""

from __future__ import annotations

from pathlib import PurePath

from mlint.read.document import Document

FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}


def format_for(path: str) -> str:
    """The format a file name implies: markdown, html, or text for anything else."""
    return FORMATS.get(PurePath(path).suffix.lower(), "text")


def read_document(path: str, text: str, fmt: str | None = None) -> Document:
    """Read `text` (from `path`) as a Document, in `fmt` or the format its name implies."""
    fmt = fmt or format_for(path)
    if fmt == "markdown":
        from mlint.read.markdown import read
    elif fmt == "html":
        from mlint.read.html import read
    else:
        from mlint.read.plain import read
    return read(path, text)
