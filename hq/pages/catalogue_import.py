"""Uploading a catalogue file from the pages: the same CSV as ``ocop-hq catalogue import`` and the
kiosk's importer (docs/hq.md "Catalogue CSV"). Nothing is applied when any row is wrong, and then
every problem of every row is listed with its line number. An Excel workbook (.xlsx) is read
the same way: its first sheet, in the same columns (:mod:`hq.catalogue_xlsx`)."""

import hmac
import html
from email.parser import BytesParser
from email.policy import HTTP

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from hq import access, catalogue, catalogue_xlsx, limits, web
from hq.errors import CatalogueImportFailed
from hq.pages.common import FormExpired, Viewer, alert, csrf_field, page, viewer

LIMIT_MIB = limits.limit_for("/catalogue/import") // limits.MIB


def _form(who: Viewer, message: str = "") -> str:
    return (
        f"<h1>Nhập danh mục / Import the catalogue</h1>{message}"
        "<p>Tệp CSV UTF-8 hoặc Excel (.xlsx, trang tính đầu), dòng đầu là tên cột, cùng định dạng "
        "với máy bán hàng (docs/hq.md). Nếu có dòng sai, không dòng nào được áp dụng. / A UTF-8 "
        "CSV file or an Excel workbook (.xlsx, its first sheet) with a header row, the kiosk's "
        "format (docs/hq.md). If any row is wrong, no row is applied.</p>"
        f"<p>Tối đa / At most {LIMIT_MIB} MB. Trong Excel, hãy định dạng cột mã vạch là Text "
        "để giữ số 0 đầu / In Excel, format the barcode column as Text to keep leading zeros."
        "</p><p><a href='/catalogue/import/template.xlsx' download>Tải tệp Excel mẫu / Download "
        "an Excel template</a></p>"
        "<form method='post' action='/catalogue/import' enctype='multipart/form-data'>"
        f"{csrf_field(who)}<p><label>Tệp / File <input type='file' name='file' "
        "accept='.csv,.xlsx,.xlsm' required></label> <button>Nhập / Import</button></p></form>"
        "<p><a href='/catalogue'>Quay lại danh mục / Back to the catalogue</a></p>"
    )


def _errors(errors: list[tuple[int, str]]) -> str:
    # one problem a line: a row with five problems is read, not deciphered
    rows = "".join(
        f"<tr><td class='num'>{line}</td><td class='prose'>"
        + "<br>".join(html.escape(problem) for problem in reason.split("; "))
        + "</td></tr>"
        for line, reason in errors
    )
    return (
        f"<p role='alert'><strong>Không áp dụng gì: {len(errors)} dòng có lỗi / Nothing was "
        f"applied: {len(errors)} line(s) have problems</strong></p><div class='scroll'><table>"
        f"<tr><th>Dòng / Line</th><th>Lỗi / Problem</th></tr>{rows}</table></div>"
    )


def _summary(s: catalogue.ImportSummary) -> str:
    return alert(
        f"Đã nhập; phiên bản danh mục {s.version} / Imported; catalogue version {s.version}: "
        f"{s.products_added} thêm / added, {s.products_changed} đổi / changed, "
        f"{s.products_removed} ngừng bán / taken off sale, {s.prices_added} giá / prices, "
        f"{s.barcodes_changed} mã vạch / barcodes, {s.producers_added} nhà sản xuất / producers"
    )


def _parts(request: Request, body: bytes) -> dict[str, tuple[str, bytes]]:
    """The multipart form's fields: name -> (file name, bytes)."""
    head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    fields: dict[str, tuple[str, bytes]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str) and name not in fields:
            fields[name] = (part.get_filename() or "", part.get_payload(decode=True) or b"")
    return fields


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/catalogue/import")
    def import_form(request: Request) -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.manages_catalogue(who.operator))
        return page(who, "Nhập danh mục / Import", _form(who))

    @r.get("/catalogue/import/template.xlsx")
    def template(request: Request) -> Response:
        who = viewer(session_factory, request)
        who.require(access.manages_catalogue(who.operator))
        return Response(
            catalogue_xlsx.template(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="catalogue-template.xlsx"'},
        )

    @r.post("/catalogue/import")
    async def upload(request: Request) -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.manages_catalogue(who.operator))
        fields = _parts(request, await request.body())
        token = fields.get("csrf", ("", b""))[1].decode("utf-8", "replace")
        if not hmac.compare_digest(token, who.csrf) or not web.same_origin(request):
            raise FormExpired()
        filename, data = fields.get("file", ("", b""))

        def run() -> catalogue.ImportSummary:
            with session_factory.begin() as session:
                return catalogue.import_file(session, data, filename)

        try:
            summary = await run_in_threadpool(run)
        except CatalogueImportFailed as exc:
            return page(who, "Nhập danh mục / Import", _form(who, _errors(exc.data["errors"])), 422)
        return page(who, "Nhập danh mục / Import", _form(who, _summary(summary)))

    return r
