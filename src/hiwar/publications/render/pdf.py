"""PDF export with WeasyPrint: cover, table of contents, page numbers, endnotes.

The HTML is built here from a ``RenderDocument`` (section bodies through ``markup``, so cleaned)
and laid out by WeasyPrint with Debian's Noto and Amiri fonts: Arabic is shaped and set right to
left by the ``dir`` attributes. The table of contents gets its page numbers from CSS
``target-counter``; notes are endnotes, each with the country or organization, the source, the
page and the link of the cited passage. An unpublished document carries its status label on the
cover and in the top margin of every page.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hiwar.publications.drafts import RenderDocument
from hiwar.publications.render.markup import (
    NoteNumbering,
    direction,
    note_text,
    render_section_html,
)

CSS_PATH = Path(__file__).parent / "data" / "pdf.css"
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
LANGUAGE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}


def _absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL.rstrip("/") + url


def _margin_label(label: str) -> str:
    """The status label as a CSS string for the page margin boxes."""
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def document_html(doc: RenderDocument) -> str:
    """The print HTML of ``doc`` (also useful to inspect what the PDF shows)."""
    with translation.override(doc.language):
        numbering = NoteNumbering(
            bracketed=direction(doc.language) == "rtl", language=doc.language, for_print=True
        )
        bodies = [render_section_html(section, numbering) for section in doc.sections]
        dir_ = direction(doc.language)
        css = CSS_PATH.read_text(encoding="utf-8")
        if doc.status_label:
            css += (
                "\n@page { @top-center { content: "
                + _margin_label(doc.status_label.upper())
                + "; color: #a4161a; font-weight: bold; } }"
                + "\n@page :first { @top-center { content: none; } }"
            )
        parts = [
            f'<!DOCTYPE html><html lang="{doc.language}" dir="{dir_}"><head><meta charset="utf-8">',
            f"<title>{escape(doc.title)}</title><style>{css}</style></head><body>",
        ]
        if doc.status_label:
            parts.append(
                f'<div class="watermark" aria-hidden="true">{escape(doc.status_label)}</div>'
            )
        # Cover.
        parts.append('<section class="cover">')
        if doc.status_label:
            parts.append(f'<p class="cover__status">{escape(doc.status_label)}</p>')
        parts.append(f'<h1 class="cover__title">{escape(doc.title)}</h1>')
        if doc.subtitle:
            parts.append(f'<p class="cover__subtitle" dir="auto">{escape(doc.subtitle)}</p>')
        if doc.date_label:
            parts.append(f'<p class="cover__date">{escape(doc.date_label)}</p>')
        if doc.available_languages:
            names = ", ".join(
                f'<span lang="{code}" dir="{direction(code)}">'
                f"{escape(LANGUAGE_NAMES.get(code, code))}</span>"
                for code in doc.available_languages
            )
            parts.append(f'<p class="cover__languages">{escape(_("Available in"))}: {names}</p>')
        parts.append("</section>")
        # Table of contents: page numbers from target-counter() on empty links.
        parts.append(f'<nav class="toc"><h2 class="toc__title">{escape(_("Contents"))}</h2><table>')
        entries = [
            (min(max(section.level, 1), 3), f"section-{index}", section.heading)
            for index, section in enumerate(doc.sections)
        ]
        if numbering.numbers:
            entries.append((1, "notes", _("Notes")))
        for level, anchor, heading in entries:
            parts.append(
                f'<tr class="toc__entry toc__entry--{level}"><td class="toc__heading">'
                f'<a href="#{anchor}">{escape(heading)}</a></td>'
                f'<td class="toc__page"><a href="#{anchor}"></a></td></tr>'
            )
        parts.append("</table></nav>")
        # Sections.
        for index, (section, body) in enumerate(zip(doc.sections, bodies, strict=True)):
            level = min(max(section.level, 1), 3)
            attributes = ""
            if section.language and section.language != doc.language:
                attributes = f' lang="{section.language}" dir="{direction(section.language)}"'
            parts.append(f'<section class="section section--{level}"{attributes}>')
            parts.append(
                f'<h{level + 1} id="section-{index}">{escape(section.heading)}</h{level + 1}>'
            )
            if section.label:
                parts.append(
                    f'<p class="section__label" lang="{doc.language}" dir="{dir_}">'
                    f"{escape(section.label)}</p>"
                )
            parts.append(body)
            parts.append("</section>")
        # Endnotes.
        if numbering.numbers:
            parts.append(f'<section class="notes"><h2 id="notes">{escape(_("Notes"))}</h2><ol>')
            for number, ids in numbering.notes():
                pieces = []
                for text, url, _language in note_text(ids, doc):
                    entry = f"<bdi>{escape(text)}</bdi>"
                    if url:
                        link = escape(_absolute(url))
                        entry += f' <a class="notes__link" href="{link}" dir="ltr">{link}</a>'
                    pieces.append(entry)
                parts.append(
                    f'<li id="note-{number}" value="{number}">'
                    f'<a class="notes__back" href="#ref-{number}">{number}.</a> '
                    + "; ".join(pieces)
                    + "</li>"
                )
            parts.append("</ol></section>")
        parts.append("</body></html>")
        return "".join(parts)


def render_pdf(doc: RenderDocument) -> bytes:
    """``doc`` as an A4 PDF (Arabic shaped and right-to-left)."""
    from weasyprint import HTML  # slow to import, and only the exports need it

    html = document_html(doc)
    return bytes(HTML(string=html, base_url=settings.SITE_URL).write_pdf())
