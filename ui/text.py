"""Text that comes from outside (a URL parameter, a submitter's note) shown as plain text inside
a Markdown message: every character Markdown or HTML could act on is escaped and line breaks
become spaces, so no link, image, heading or code span can appear."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:&$=\"'/@%])")


def plain(text: str, limit: int = 120) -> str:
    """``text`` (at most ``limit`` characters) safe to put in st.markdown / st.warning as it is."""
    text = " ".join(str(text)[:limit].split())
    return _SPECIAL.sub(r"\\\1", text)
