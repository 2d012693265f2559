"""A report's bar chart as inline SVG, drawn on the server.

The pages' Content-Security-Policy allows no script and only the one hashed style sheet: an
``<svg>`` element in the HTML needs neither, and everything about its look is set with SVG
presentation attributes (fill, font-size), which the policy does not govern.

The chart fills the width it is given (up to the style sheet's ``.chart`` maximum) without
scaling its text: each row is its label and value on one line and the bar below, with the bar's
length in percent of the chart's width. So a phone 390 px wide shows it whole with 12 px text,
where a fixed 760-px drawing had to scroll or shrink its text to half.
"""

import html

from hq.reports.table import Report, cell

MAX_BARS = 20
LINE_H, BAR_H, GAP = 16, 12, 8
ROW_H = LINE_H + BAR_H + GAP
LABEL_MAX = 40


def bar_chart(report: Report) -> str:
    """The ``chart`` column of the report's rows as horizontal bars (the largest 20), or "" when
    there is nothing to draw (no rows, or every value 0)."""
    if report.chart is None or not report.rows:
        return ""
    col = report.chart
    kind = report.columns[col].kind
    rows = sorted(report.rows, key=lambda r: -abs(int(r[col] or 0)))[:MAX_BARS]
    if report.columns[0].kind == "date":  # days stay in calendar order
        rows.sort(key=lambda r: r[0])
    top = max(abs(int(r[col] or 0)) for r in rows)
    if top == 0:
        return ""
    height = len(rows) * ROW_H
    title = f"{report.title}: {report.columns[col].title}"
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='100%' height='{height}' "
        f"role='img' aria-label='{html.escape(title)}' font-family='sans-serif' font-size='12'>"
        f"<title>{html.escape(title)}</title>"
    ]
    for i, row in enumerate(rows):
        value = int(row[col] or 0)
        y = i * ROW_H
        share = 100 * abs(value) / top
        fill = "#2f7d4f" if value >= 0 else "#b03a2e"
        label = cell(row[0], report.columns[0].kind)
        short = label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"
        parts.append(
            f"<text x='0' y='{y + LINE_H - 4}'>{html.escape(short)}</text>"
            f"<text x='100%' dx='-2' y='{y + LINE_H - 4}' text-anchor='end' font-weight='bold'>"
            f"{html.escape(cell(value, kind))}</text>"
            f"<rect x='0' y='{y + LINE_H}' width='{max(share, 0.5):.2f}%' height='{BAR_H}' "
            f"fill='{fill}'><title>{html.escape(label)}</title></rect>"
        )
    parts.append("</svg>")
    return f"<div class='chart'>{''.join(parts)}</div>"
