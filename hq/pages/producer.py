"""The producers' view: an OCOP producer signs in and sees, for a period (dd/mm/yyyy), where its
products sold, how many and at what price, with refunds; the stock left at each shop; and the
consignment statements the shops settled with it. The sales table downloads as CSV.

A producer sees its own products only (hq.reports.producer reads no other's lines); operators
who see every shop may open any producer's view (``/producer?producer=ID``); no one else.
"""

import datetime as dt
import html
import uuid
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from hq import access, web
from hq.models import Producer
from hq.pages.common import Refused, Viewer, page, viewer
from hq.reports import producer as figures
from hq.reports.csvsafe import report_csv
from hq.reports.table import NUMERIC, SHOP_TZ, Period, Report, cell

DATE_FORM = "%d/%m/%Y"
TITLE = "Nhà sản xuất / Producer"


class _Asked:
    """The period the query string asks for (this month so far unless given), read leniently:
    a date not written dd/mm/yyyy is a message on the page, not a 422."""

    def __init__(self, request: Request):
        q = request.query_params
        today = dt.datetime.now(SHOP_TZ).date()
        self.start_text = (q.get("start") or today.replace(day=1).strftime(DATE_FORM)).strip()
        self.end_text = (q.get("end") or today.strftime(DATE_FORM)).strip()
        self.producer_text = q.get("producer", "")
        self.problem = ""
        self.period: Period | None = None
        try:
            start = dt.datetime.strptime(self.start_text, DATE_FORM).date()
            end = dt.datetime.strptime(self.end_text, DATE_FORM).date()
        except ValueError:
            self.problem = "Ngày phải có dạng dd/mm/yyyy / Dates are written dd/mm/yyyy."
            return
        if end < start:
            self.problem = "Ngày cuối trước ngày đầu / The period ends before it starts."
            return
        self.period = Period(start, end)

    def query(self, producer_id: uuid.UUID) -> str:
        return urlencode({"producer": str(producer_id), "start": self.start_text,
                          "end": self.end_text})  # fmt: skip


def _whose(who: Viewer, asked: _Asked) -> uuid.UUID | None:
    """The producer whose view is asked for: a producer's own (another's is refused); for an
    operator who sees every shop the one named, or None to choose one."""
    op = who.operator
    named = None
    if asked.producer_text:
        try:
            named = uuid.UUID(asked.producer_text)
        except ValueError:
            raise Refused(404) from None
    if op.role == access.PRODUCER:
        if op.producer_id is None or (named is not None and named != op.producer_id):
            raise Refused(403)
        return op.producer_id
    who.require(access.sees_every_shop(op))
    return named


def _table(report: Report) -> str:
    rows = [[cell(v, c.kind) for v, c in zip(r, report.columns, strict=True)] for r in report.rows]
    if report.totals and report.rows:
        rows.append([cell(v, c.kind) for v, c in zip(report.totals, report.columns, strict=True)])
    numeric = {i for i, c in enumerate(report.columns) if c.kind in NUMERIC}
    return web._table([c.title for c in report.columns], rows, numeric)


def _period_form(asked: _Asked, producer_id: uuid.UUID) -> str:
    return (
        "<form method='get' action='/producer'>"
        f"<input type='hidden' name='producer' value='{html.escape(str(producer_id))}'>"
        "<p><label>Từ ngày / From <input name='start' inputmode='numeric' "
        f"placeholder='dd/mm/yyyy' size='10' value='{html.escape(asked.start_text)}'></label> "
        "<label>Đến ngày / To <input name='end' inputmode='numeric' placeholder='dd/mm/yyyy' "
        f"size='10' value='{html.escape(asked.end_text)}'></label> "
        "<button type='submit'>Xem / Show</button></p></form>"
    )


def _chooser(producers: list[tuple[uuid.UUID, str]]) -> str:
    options = "".join(
        f"<option value='{pid}'>{html.escape(name)}</option>" for pid, name in producers
    )
    return (
        "<form method='get' action='/producer'><p><label>Nhà sản xuất / Producer "
        f"<select name='producer'>{options}</select></label> "
        "<button type='submit'>Xem / Show</button></p></form>"
    )


def _sections(session: Session, asked: _Asked, producer_id: uuid.UUID) -> str:
    body = _period_form(asked, producer_id)
    if asked.period is None:
        return body + f"<p role='alert'>{html.escape(asked.problem)}</p>"
    sold = figures.sales(session, producer_id, asked.period)
    csv_link = f"/producer.csv?{html.escape(asked.query(producer_id))}"
    body += (
        f"<h2>{html.escape(sold.title)}</h2><p>Từ / From {html.escape(asked.start_text)} đến / "
        f"to {html.escape(asked.end_text)} · <a href='{csv_link}'>CSV</a></p>"
        f"<p>{html.escape(sold.note)}</p>" + _table(sold)
    )
    for report in (figures.stock(session, producer_id),
                   figures.statements(session, producer_id, asked.period)):  # fmt: skip
        body += f"<h2>{html.escape(report.title)}</h2>" + _table(report)
    return body


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/producer")
    def producer_view(request: Request) -> HTMLResponse:
        who = viewer(session_factory, request)
        asked = _Asked(request)
        producer_id = _whose(who, asked)
        with session_factory() as session:
            if producer_id is None:
                body = f"<h1>{TITLE}</h1>" + _chooser(figures.producers(session))
                return page(who, TITLE, body)
            producer = session.get(Producer, producer_id)
            if producer is None:
                raise Refused(404)
            body = f"<h1>{html.escape(producer.name)}</h1>" + _sections(session, asked, producer_id)
        return page(who, f"{producer.name} — {TITLE}", body,
                    status=200 if asked.period else 400)  # fmt: skip

    @r.get("/producer.csv")
    def producer_csv(request: Request) -> Response:
        who = viewer(session_factory, request)
        asked = _Asked(request)
        producer_id = _whose(who, asked)
        if producer_id is None or asked.period is None:
            raise Refused(404)
        with session_factory() as session:
            if session.get(Producer, producer_id) is None:
                raise Refused(404)
            content = report_csv(figures.sales(session, producer_id, asked.period))
        name = f"ocop-producer-{asked.period.start:%Y%m%d}-{asked.period.end:%Y%m%d}.csv"
        return Response(content, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store",
        })  # fmt: skip

    return r
