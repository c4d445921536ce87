"""Making a customer's HTML safe to show, and plain text out of HTML.

``sanitize_html`` runs nh3 with an allow-list (no scripts, no event handlers, no
``javascript:`` URLs, CSS limited to properties that cannot load anything), then
rewrites images: ``cid:`` references point at the stored inline attachments, and remote
images are held back (``data-remote-src`` instead of ``src``) so opening a message does
not tell a tracker it was read.  ``show_remote_images`` puts them back when the user
asks.  The second pass re-serialises nh3's output with every value escaped, so it adds
nothing unsafe.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {"font", "center", "tfoot", "u", "s", "big"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"style", "title", "dir", "lang", "align", "valign", "width", "height", "bgcolor"},
    "a": {"href", "name"},
    "img": {"src", "alt", "border", "hspace", "vspace"},
    "font": {"color", "face", "size"},
    "table": {"border", "cellpadding", "cellspacing", "summary"},
    "td": {"colspan", "rowspan", "nowrap"},
    "th": {"colspan", "rowspan", "nowrap", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "ul": {"type"},
    "li": {"value"},
    "blockquote": {"cite"},
    "hr": {"size", "noshade"},
}
# CSS properties that lay text out but cannot fetch anything (no background, content,
# cursor, list-style-image, border-image, behavior, filter).
SAFE_CSS = {
    "color", "background-color", "font", "font-family", "font-size", "font-style",
    "font-weight", "font-variant", "text-align", "text-decoration", "text-indent",
    "text-transform", "letter-spacing", "word-spacing", "line-height", "white-space",
    "vertical-align", "direction", "width", "min-width", "max-width", "height", "min-height",
    "max-height", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "border",
    "border-top", "border-right", "border-bottom", "border-left", "border-color",
    "border-style", "border-width", "border-collapse", "border-spacing", "border-radius",
    "display", "float", "clear", "table-layout", "list-style-type", "word-break",
    "overflow-wrap", "word-wrap",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel", "cid", "data"}
DROPPED_WITH_CONTENT = {"script", "style", "title", "head", "noscript", "template", "object"}
SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|jpe?g|gif|webp);base64,", re.IGNORECASE)
VOID = {"br", "hr", "img", "wbr", "col", "area"}


@dataclass(frozen=True)
class SanitizedHtml:
    html: str
    has_remote_images: bool


def _attrs(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(
        f' {name}="{html_lib.escape(value, quote=True)}"' if value is not None else f" {name}"
        for name, value in pairs
    )


class _Rewriter(HTMLParser):
    """Re-serialises (already sanitised) HTML, letting ``on_tag`` change attributes."""

    def __init__(
        self, on_tag: Callable[[str, list[tuple[str, str | None]]], list[tuple[str, str | None]]]
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.on_tag = on_tag
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag}{_attrs(self.on_tag(tag, attrs))}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html_lib.escape(data, quote=False))

    def result(self, text: str) -> str:
        self.feed(text)
        self.close()
        return "".join(self.out)


def sanitize_html(html: str, *, cid_urls: Mapping[str, str] | None = None) -> SanitizedHtml:
    """``html`` made safe to show; ``cid_urls`` maps Content-IDs to attachment URLs."""
    if not html or not html.strip():
        return SanitizedHtml("", False)
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        filter_style_properties=SAFE_CSS,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )
    cids = {key.lower(): value for key, value in (cid_urls or {}).items()}
    remote = False

    def on_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        nonlocal remote
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            value = value or ""
            if tag == "img" and name == "src":
                lower = value.lower()
                if lower.startswith("cid:"):
                    url = cids.get(value[4:].strip("<>").lower())
                    if url:
                        kept.append(("src", url))
                elif lower.startswith(("http://", "https://")):
                    remote = True
                    kept.append(("data-remote-src", value))
                elif SAFE_DATA_IMAGE.match(value):
                    kept.append(("src", value))
                continue
            if name == "href" and value.lower().startswith(("data:", "cid:")):
                continue
            kept.append((name, value))
        return kept

    return SanitizedHtml(_Rewriter(on_tag).result(cleaned), remote)


def show_remote_images(html: str) -> str:
    """Stored (sanitised) HTML with its held-back remote images loading again."""
    if "data-remote-src" not in html:
        return html

    def on_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        if tag != "img":
            return attrs
        return [("src" if name == "data-remote-src" else name, value) for name, value in attrs]

    return _Rewriter(on_tag).result(html)


class _TextExtractor(HTMLParser):
    BLOCK = {
        "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
        "blockquote", "pre", "hr", "section", "article", "header", "footer", "ul", "ol",
    }  # fmt: skip
    SKIP = {"script", "style", "head", "title", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body (for previews, search and quoting)."""
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except Exception:  # HTMLParser is lenient; this is a last resort
        return re.sub(r"<[^>]+>", " ", html)
    lines = [line.strip() for line in "".join(extractor.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
