"""The chain reports page: a period (dd/mm/yyyy) and a report to choose, the table, a bar chart
drawn on the server, and the same report as CSV and as PDF. Operators who see every shop
(hq.access.sees_every_shop) only: the figures are chain-wide."""

import datetime as dt
import html
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from hq import access, web
from hq.models import utcnow
from hq.pages.chart import bar_chart
from hq.pages.common import Viewer, page, viewer
from hq.reports.choice import REPORTS, make
from hq.reports.csvsafe import report_csv
from hq.reports.pdf import report_pdf
from hq.reports.table import NUMERIC, SHOP_TZ, Period, Report, cell

DATE_FORM = "%d/%m/%Y"
TITLE = "Báo cáo / Reports"


class _Asked:
    """What the query string asks for, read leniently: a bad date is a message, not a 422."""

    def __init__(self, request: Request):
        q = request.query_params
        today = dt.datetime.now(SHOP_TZ).date()
        self.key = q.get("report", "day") if q.get("report") in REPORTS else "day"
        self.start_text = q.get("start") or today.replace(day=1).strftime(DATE_FORM)
        self.end_text = q.get("end") or today.strftime(DATE_FORM)
        self.problem = ""
        self.period: Period | None = None
        try:
            start = dt.datetime.strptime(self.start_text.strip(), DATE_FORM).date()
            end = dt.datetime.strptime(self.end_text.strip(), DATE_FORM).date()
        except ValueError:
            self.problem = "Ngày phải có dạng dd/mm/yyyy / Dates are written dd/mm/yyyy."
            return
        if end < start:
            self.problem = "Ngày cuối trước ngày đầu / The period ends before it starts."
            return
        self.period = Period(start, end)

    def query(self) -> str:
        return urlencode({"report": self.key, "start": self.start_text, "end": self.end_text})

    def subtitle(self) -> str:
        assert self.period is not None
        made = dt.datetime.now(SHOP_TZ).strftime("%d/%m/%Y %H:%M")
        if not REPORTS[self.key].periodic:
            return f"Lúc / As of {made}"
        return (
            f"Từ / From {self.period.start.strftime(DATE_FORM)} đến / to "
            f"{self.period.end.strftime(DATE_FORM)} · Lập lúc / Made {made}"
        )


def _form(asked: _Asked) -> str:
    options = "".join(
        f"<option value='{key}'{' selected' if key == asked.key else ''}>"
        f"{html.escape(choice.label)}</option>"
        for key, choice in REPORTS.items()
    )
    return (
        "<form method='get' action='/reports'>"
        f"<p><label>Báo cáo / Report <select name='report'>{options}</select></label></p>"
        "<p><label>Từ ngày / From <input name='start' inputmode='numeric' "
        f"placeholder='dd/mm/yyyy' size='10' value='{html.escape(asked.start_text)}'></label> "
        "<label>Đến ngày / To <input name='end' inputmode='numeric' placeholder='dd/mm/yyyy' "
        f"size='10' value='{html.escape(asked.end_text)}'></label> "
        "<button type='submit'>Xem / Show</button></p></form>"
    )


def _table(report: Report) -> str:
    rows = [[cell(v, c.kind) for v, c in zip(r, report.columns, strict=True)] for r in report.rows]
    if report.totals and report.rows:
        rows.append([cell(v, c.kind) for v, c in zip(report.totals, report.columns, strict=True)])
    numeric = {i for i, c in enumerate(report.columns) if c.kind in NUMERIC}
    return web._table([c.title for c in report.columns], rows, numeric)


def _body(asked: _Asked, report: Report | None) -> str:
    body = "<h1>Báo cáo / Reports</h1>" + _form(asked)
    if report is None:
        return body + f"<p role='alert'>{html.escape(asked.problem)}</p>"
    q = html.escape(asked.query())
    body += (
        f"<h2>{html.escape(report.title)}</h2><p>{html.escape(asked.subtitle())} · "
        f"<a href='/reports.csv?{q}'>CSV</a> · <a href='/reports.pdf?{q}'>PDF</a></p>"
    )
    if report.note:
        body += f"<p>{html.escape(report.note)}</p>"
    return body + bar_chart(report) + _table(report)


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def report_of(request: Request) -> tuple[Viewer, _Asked, Report | None]:
        asked = _Asked(request)
        who = viewer(session_factory, request)
        # chain-wide figures: a shop manager or a producer sees only their own share, which
        # these reports do not cut out yet
        who.require(access.sees_every_shop(who.operator))
        if asked.period is None:
            return who, asked, None
        with session_factory() as session:
            return who, asked, make(session, asked.key, asked.period, utcnow())

    @r.get("/reports")
    def reports(request: Request) -> HTMLResponse:
        who, asked, report = report_of(request)
        return page(who, TITLE, _body(asked, report), status=400 if report is None else 200)

    def download(request: Request, suffix: str) -> Response | None:
        who, asked, report = report_of(request)
        if report is None:
            return page(who, TITLE, _body(asked, None), status=400)
        name = f"ocop-{asked.key}-{asked.period.start:%Y%m%d}-{asked.period.end:%Y%m%d}.{suffix}"
        if suffix == "csv":
            content, media = report_csv(report), "text/csv; charset=utf-8"
        else:
            content, media = report_pdf(report, asked.subtitle()), "application/pdf"
        return Response(
            content,
            media_type=media,
            headers={
                "Content-Disposition": f"attachment; filename={name}",
                "Cache-Control": "no-store",
            },
        )

    @r.get("/reports.csv")
    def reports_csv(request: Request) -> Response:
        return download(request, "csv")

    @r.get("/reports.pdf")
    def reports_pdf(request: Request) -> Response:
        return download(request, "pdf")

    return r
