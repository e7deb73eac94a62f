"""Clause text is limited rich text: a few structural tags, no styles, no images, no
scripts, links to the web or email only. It is cleaned when saved and again when shown
(a row written some other way must not reach a page unclean), and, when the cleaning
removed something, the admin is told what kind of thing it was."""

import re

import nh3

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Dropped with their content: what they hold is code or styling, never clause text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


def sanitise(html: str) -> str:
    """The clause text with everything outside the allow-list removed."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# What kind of thing the cleaning removed, for the message to the admin. Approximate on
# purpose: it names kinds ("images"), and only ever when the text actually changed.
_KINDS = (
    ("scripts", re.compile(r"<\s*script|\son\w+\s*=|javascript:|vbscript:", re.I)),
    ("styles", re.compile(r"<\s*style|\sstyle\s*=|url\s*\(", re.I)),
    ("images", re.compile(r"<\s*(img|svg|picture|image)\b", re.I)),
    ("embedded content", re.compile(r"<\s*(iframe|object|embed|frame|video|audio)\b", re.I)),
    ("forms", re.compile(r"<\s*(form|input|button|select|textarea)\b", re.I)),
    ("links other than web or email addresses", re.compile(r"href\s*=\s*[\"']?\s*(?!https?:|mailto:)[a-z][a-z0-9+.-]*:", re.I)),
)  # fmt: skip


_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)")
_COVERED = {"script", "style", "img", "svg", "picture", "image", "iframe", "object", "embed"}
_COVERED |= {"frame", "video", "audio", "form", "input", "button", "select", "textarea"}


def removed_kinds(original: str, clean: str) -> list[str]:
    """The kinds of content the cleaning took out of ``original`` (empty when none)."""
    original = original or ""
    if original == clean:
        return []
    kinds = [name for name, pattern in _KINDS if pattern.search(original)]
    others = sorted({t.lower() for t in _TAG.findall(original)} - TAGS - _COVERED)
    if others:
        kinds.append("formatting clauses cannot use (" + ", ".join(others) + ")")
    return kinds
