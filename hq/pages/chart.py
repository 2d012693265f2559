"""A report's bar chart as inline SVG, drawn on the server.

The pages' Content-Security-Policy allows no script and only the one hashed style sheet: an
``<svg>`` element in the HTML needs neither, and everything about its look is set with SVG
presentation attributes (fill, font-size), which the policy does not govern.
"""

import html

from hq.reports.table import Report, cell

MAX_BARS = 20
WIDTH, LABEL_W, VALUE_W, BAR_H, GAP = 760, 230, 130, 18, 6


def bar_chart(report: Report) -> str:
    """The ``chart`` column of the report's rows as horizontal bars (the largest 20), or ""."""
    if report.chart is None or not report.rows:
        return ""
    col = report.chart
    kind = report.columns[col].kind
    rows = sorted(report.rows, key=lambda r: -abs(int(r[col] or 0)))[:MAX_BARS]
    if report.columns[0].kind == "date":  # days stay in calendar order
        rows.sort(key=lambda r: r[0])
    top = max(abs(int(r[col] or 0)) for r in rows) or 1
    span = WIDTH - LABEL_W - VALUE_W
    height = len(rows) * (BAR_H + GAP) + GAP
    title = f"{report.title}: {report.columns[col].title}"
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height}' "
        f"viewBox='0 0 {WIDTH} {height}' role='img' aria-label='{html.escape(title)}' "
        "font-family='sans-serif' font-size='12'>"
        f"<title>{html.escape(title)}</title>"
    ]
    for i, row in enumerate(rows):
        value = int(row[col] or 0)
        y = GAP + i * (BAR_H + GAP)
        length = round(span * abs(value) / top)
        fill = "#2f7d4f" if value >= 0 else "#b03a2e"
        label = cell(row[0], report.columns[0].kind)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f"<text x='{LABEL_W - 6}' y='{y + 13}' text-anchor='end'>{html.escape(short)}</text>"
            f"<rect x='{LABEL_W}' y='{y}' width='{max(length, 1)}' height='{BAR_H}' "
            f"fill='{fill}'><title>{html.escape(label)}</title></rect>"
            f"<text x='{LABEL_W + length + 6}' y='{y + 13}'>"
            f"{html.escape(cell(value, kind))}</text>"
        )
    parts.append("</svg>")
    return f"<div class='scroll'>{''.join(parts)}</div>"
