"""The About page's citation line, read from ``CITATION.cff`` and ``_config.yml``.

``{citation}`` renders, for example::

    The CTU–CPS Reopening Book team. Open or Closed? The 2021 Chicago School-Reopening Dispute.
    Version 0.1.0, last reviewed 1 December 2026. <repository address>

The version and the date are the ones in ``CITATION.cff`` (``version``, ``date-released``), so a
citation on the page, in GitHub's "Cite this repository" box and in a reference manager agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

PLACEHOLDER_URL = "https://github.com/OWNER/REPO"


class CitationFileError(ValueError):
    """CITATION.cff is missing or lacks a field the citation needs."""


def citation_fields(root: Path) -> dict:
    """Authors, title, version, last-reviewed date and address, with clear errors."""
    root = Path(root)
    path = root / "CITATION.cff"
    if not path.is_file():
        raise CitationFileError(f"{path} is missing: the About page's citation is read from it")
    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in ("title", "version", "date-released", "authors") if not cff.get(k)]
    if missing:
        raise CitationFileError(f"CITATION.cff lacks {', '.join(missing)}")
    reviewed = cff["date-released"]
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError as error:
            raise CitationFileError(f"CITATION.cff: date-released must be a date like 2026-12-01, not {reviewed!r}") from error
    authors = [a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")])) for a in cff["authors"]]
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    url = (config.get("repository") or {}).get("url", "")
    return {
        "authors": ", ".join(authors),
        "title": cff["title"],
        "version": str(cff["version"]),
        "reviewed": reviewed,
        "url": None if not url or url.rstrip("/") == PLACEHOLDER_URL else url,
    }


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def citation_text(root: Path) -> str:
    f = citation_fields(root)
    where = f["url"] or "The address of the repository where you found it (the GitHub button at the top of each page)"
    return f"{f['authors']}. {f['title']}. Version {f['version']}, last reviewed {day_text(f['reviewed'])}. {where}."


def setup(app):
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class CitationDirective(SphinxDirective):
        def run(self):
            root = Path(self.env.srcdir)
            self.env.note_dependency(str(root / "CITATION.cff"))
            f = citation_fields(root)
            p = nodes.paragraph(classes=["book-citation"])
            p += nodes.Text(f"{f['authors']}. ")
            p += nodes.emphasis(f["title"], f["title"])
            p += nodes.Text(f". Version {f['version']}, last reviewed {day_text(f['reviewed'])}. ")
            if f["url"]:
                p += nodes.reference(f["url"], f["url"], refuri=f["url"])
                p += nodes.Text(".")
            else:
                p += nodes.Text("The address of the repository where you found it (the GitHub button at the top of each page).")
            return [p]

    def offline_role(name, rawtext, text, lineno, inliner, options=None, content=None):
        """{download-offline}`link text`: a link to the whole book's zip, from any page."""
        from .sphinx_ext import OFFLINE_ZIP

        env = inliner.document.settings.env
        depth = env.docname.count("/")
        uri = "../" * depth + OFFLINE_ZIP
        node = nodes.reference(rawtext, text, refuri=uri, classes=["offline-download"])
        return [node], []

    app.add_directive("citation", CitationDirective)
    app.add_role("download-offline", offline_role)
