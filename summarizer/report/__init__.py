"""HTML briefs: `summarizer summarize --format html` and `summarizer report DIR`.

`render_html` turns one result (and its document's text) into a self-contained page;
`write_report` turns a batch output folder into an index page and one page per document.
"""

from summarizer.report._folder import write_report
from summarizer.report._page import PageContext, render_html

__all__ = ["PageContext", "render_html", "write_report"]
