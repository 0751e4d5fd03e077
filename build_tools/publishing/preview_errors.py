"""What a preview shows in the browser while the archive does not validate.

During ``make serve`` a save that breaks a briefing must not leave the reader in
front of a stale page or a request that never answers: every page address then
answers with this one page, listing the diagnostics exactly as the terminal prints
them (``path:line:col: severity: message [rule]``). It is self-contained (no
stylesheet, script or font of its own to fetch) and every piece of contributor text
in it is escaped: a message quotes the value it rejects, and that value is untrusted.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Sequence

from build_tools.format.diagnostics import Diagnostic, Severity

_STYLE = """
:root { color-scheme: light dark; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem;
       padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
ol { padding: 0; list-style: none; }
li { font: .9rem/1.4 ui-monospace, monospace; margin: 0 0 .6rem; padding: .5rem .75rem;
     border-left: .3rem solid #c62828; background: #c628281a; overflow-wrap: anywhere;
     white-space: pre-wrap; }
li.warning { border-color: #ef6c00; background: #ef6c001a; }
""".strip()


def error_page(diagnostics: Sequence[Diagnostic]) -> str:
    """The page shown at every address while ``diagnostics`` hold an error."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    heading = f"{errors} error{'' if errors == 1 else 's'} in the archive"
    items = "\n".join(
        f'<li class="{d.severity.value}">{html.escape(d.as_text(), quote=True)}</li>'
        for d in diagnostics
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}: preview paused</title>\n<style>\n{_STYLE}\n</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>{heading}</h1>\n"
        "<p>Nothing was rebuilt. Fix the files below and save: this page reloads "
        "by itself and takes you back to the page you were on.</p>\n"
        f'<ol id="briefings-diagnostics">\n{items}\n</ol>\n'
        "</main>\n</body>\n</html>\n"
    )


def is_page_address(path: str) -> bool:
    """Whether a request path asks for a page (``/a/b/``, ``/a/b``, ``/x.html``) rather
    than an asset the old pages still need (a stylesheet, a script, a feed)."""
    last = posixpath.basename(path)
    return path.endswith("/") or last.endswith(".html") or "." not in last
