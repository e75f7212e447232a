"""One self-contained HTML page: the Markdown export rendered by markdown-it, with styling
for screen and print, no external assets and no JavaScript.

The page is the Markdown export turned into HTML, so the two never say different things:
warnings first, then the table, then the sources as numbered, linked footnotes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from ..engine.results import Ranking, Result
from . import RenderOptions, markdown, view
from .text import percent

if TYPE_CHECKING:
    from markdown_it.token import Token

STYLE = """
:root { color-scheme: light dark; --line: #c8c8c8; --warn: #b3261e; --muted: #666; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: 0.2rem; }
h3 { font-size: 1.1rem; }
.about { color: var(--muted); margin-top: 0; }
main { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.55rem; text-align: left;
         vertical-align: top; }
thead th { border-bottom-width: 2px; }
tbody tr:nth-child(even) { background: rgba(127, 127, 127, 0.08); }
blockquote { border-left: 0.3rem solid var(--warn); margin: 0 0 0.8rem; padding: 0.4rem 0.8rem;
             background: rgba(179, 38, 30, 0.08); }
blockquote p { margin: 0; }
code { font-size: 0.92em; }
sup a, .footnote-backref { text-decoration: none; }
.footnotes { font-size: 0.9rem; }
.footnotes-sep { border: 0; border-top: 1px solid var(--line); }
.footnotes a { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
figure.chances { margin: 1rem 0; }
figure.chances svg { max-width: 100%; height: auto; }
figure.chances text { font: 12px system-ui, sans-serif; fill: currentColor; }
.first { fill: #2e7d32; } .top3 { fill: #a5d6a7; }
@page { margin: 12mm; }
@media print {
  :root { color-scheme: light; }
  body { margin: 0; max-width: none; font-size: 10pt; color: #000; }
  table { font-size: 8.5pt; width: 100%; }
  th, td { padding: 0.15rem 0.3rem; }
  .footnotes { font-size: 8.5pt; }
  main { overflow: visible; }
  tbody tr:nth-child(even), blockquote { background: none; }
  blockquote { border-left-color: #000; }
  thead { display: table-header-group; }
  tr, blockquote { break-inside: avoid; }
  a { color: inherit; }
  .footnote-backref { display: none; }
}
"""


def _caption(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f"[{tokens[idx].meta['id'] + 1}]"


def _first_back_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    meta = tokens[idx].meta
    if meta.get("subId", 0) > 0:
        return ""
    return f' <a href="#fnref{meta["id"] + 1}" class="footnote-backref">↩︎</a>'


# The chart of chances: one row per device, its slug, then two bars on a 0–100% axis.
_ROW = 22
_LABEL = 220
_BAR = 360


def chance_chart(result: Ranking) -> str:
    """An inline SVG bar chart of each device's chance of coming first and of a top-three
    place: drawn by the browser from the page itself, no script and nothing fetched."""
    height = _ROW * len(result.entries) + 24
    rows: list[str] = []
    for index, entry in enumerate(result.entries):
        y = 20 + index * _ROW
        slug = escape(entry.device.slug)
        label = view.chances_text(slug, entry.first, entry.top3)
        rows.append(
            f"<g><title>{escape(label)}</title>"
            f'<text x="0" y="{y + 13}">{slug}</text>'
            f'<rect class="top3" x="{_LABEL}" y="{y}" width="{_BAR * entry.top3:.1f}" '
            f'height="16"/>'
            f'<rect class="first" x="{_LABEL}" y="{y + 4}" width="{_BAR * entry.first:.1f}" '
            f'height="8"/>'
            f'<text x="{_LABEL + _BAR + 6}" y="{y + 13}">{escape(percent(entry.first))}</text>'
            "</g>"
        )
    width = _LABEL + _BAR + 48
    return (
        '<figure class="chances">\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{view.CHANCE_CHART_LABEL}">'
        f'<text x="{_LABEL}" y="12">0%</text>'
        f'<text x="{_LABEL + _BAR - 30}" y="12">100%</text>'
        + "".join(rows)
        + f"</svg>\n<figcaption>{view.CHANCE_CHART_CAPTION}</figcaption>\n</figure>\n"
    )


def render(result: Result, command: str, options: RenderOptions) -> str:
    """The result as a complete HTML document."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Text from a user's catalogue is never taken as markup: html=False escapes tags, and
    # with the link and image rules off, "![x](https://…)" in a device's name stays text
    # rather than loading from elsewhere. Our own links are autolinks and footnotes.
    parser = (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .disable(["link", "image"])
        .use(footnote_plugin)
    )
    # A source cited many times keeps one number, "[2]" rather than "[2:7]", and one link
    # back to where it is first cited.
    parser.add_render_rule("footnote_caption", _caption)
    parser.add_render_rule("footnote_anchor", _first_back_link)
    body = parser.render(markdown.render(result, command, options))
    if isinstance(result, Ranking) and result.entries:
        body = chance_chart(result) + body
    title = f"{view.title(command)} — microcompare"
    about = view.made_with(version("microcompare"))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1>\n"
        f'<p class="about">{escape(about)}</p></header>\n'
        f"<main>\n{body}</main>\n</body>\n</html>\n"
    )
