"""The master catalogue's pages: a paged, searchable list of products with price and producer,
and a product's edit form. Admins and chain managers change it; read-only operators see it.
An edit stamps new versions (hq.catalogue_edit), so the terminals' next pull brings it."""

import html
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session, sessionmaker

from hq import access, catalogue_edit, web
from hq.catalogue import current_version
from hq.models import Product
from hq.pages.common import (
    PAGE_SIZE,
    Refused,
    Viewer,
    alert,
    csrf_field,
    page,
    pager,
    parse_vnd,
    read_form,
    viewer,
)

GROUPS = {
    "food": "Thực phẩm / Food",
    "beverage": "Đồ uống / Beverage",
    "herbal": "Thảo dược / Herbal",
    "handicraft": "Thủ công / Handicraft",
    "ornamental": "Cây cảnh / Ornamental",
    "tourism": "Du lịch / Tourism",
}
VAT_RATES = (0, 5, 8, 10)
DONE = {"saved": "Đã lưu; các máy sẽ nhận ở lần tải tiếp theo / Saved; terminals get it at their "
        "next pull"}  # fmt: skip


def _rows(listed: list[catalogue_edit.Listed], edit: bool) -> str:
    rows = ""
    for item in listed:
        p = item.product
        sku = html.escape(p.sku)
        if edit:
            sku = f"<a href='/catalogue/{p.id}'>{sku}</a>"
        price = web._vnd(item.price_vnd) if item.price_vnd is not None else "—"
        state = "Đang bán / On sale" if p.active else "Ngừng bán / Off sale"
        rows += (f"<tr><td>{sku}</td><td>{html.escape(p.name_vi)}</td>"
                 f"<td class='num'>{price}</td><td class='num'>{p.vat_rate_pct}%</td>"
                 f"<td>{GROUPS.get(p.group_code, html.escape(p.group_code))}</td>"
                 f"<td>{html.escape(item.producer) or '—'}</td><td>{state}</td></tr>")  # fmt: skip
    if not rows:
        rows = "<tr><td colspan='7'>Không có sản phẩm nào / No products.</td></tr>"
    head = ["Mã / SKU", "Tên / Name", "Giá / Price", "VAT", "Nhóm / Group",
            "Nhà sản xuất / Producer", "Trạng thái / State"]  # fmt: skip
    ths = "".join(f"<th>{h}</th>" for h in head)
    return f"<div class='scroll'><table><tr>{ths}</tr>{rows}</table></div>"


def list_page(session_factory, who: Viewer, q: str, page_no: int, message: str = ""):
    edit = access.manages_catalogue(who.operator)
    with session_factory() as session:
        listed, more = catalogue_edit.search(session, q, page_no, PAGE_SIZE)
        version = current_version(session)
    body = (
        f"<h1>Danh mục / Catalogue</h1>{message}"
        f"<p>Phiên bản danh mục / Catalogue version: {version}</p>"
        + (
            "<p><a href='/catalogue/import'>Nhập tệp CSV / Import a CSV file</a></p>"
            if edit
            else ""
        )
        + "<form method='get' action='/catalogue'><p><label>Tìm / Search "
        f"<input name='q' value='{html.escape(q)}'></label> <button>Tìm / Search</button></p></form>"
        + _rows(listed, edit)
        + pager("/catalogue", {"q": q}, page_no, more)
    )
    return page(who, "Danh mục / Catalogue", body)


def _edit_form(who: Viewer, p: Product, form: dict[str, str]) -> str:
    def text(name: str, label: str, required: bool = True) -> str:
        return (f"<p><label>{label} <input name='{name}' value='{html.escape(form[name])}'"
                f"{' required' if required else ''}></label></p>")  # fmt: skip

    def select(name: str, label: str, options: dict) -> str:
        opts = "".join(
            f"<option value='{k}'{' selected' if str(k) == form[name] else ''}>{v}</option>"
            for k, v in options.items()
        )
        return f"<p><label>{label} <select name='{name}'>{opts}</select></label></p>"

    checked = " checked" if form["active"] == "1" else ""
    return (
        f"<form method='post' action='/catalogue/{p.id}'>{csrf_field(who)}"
        + text("name_vi", "Tên tiếng Việt / Vietnamese name")
        + text("name_en", "Tên tiếng Anh / English name", required=False)
        + text("price_vnd", "Giá (đồng, gồm VAT) / Price (đồng, VAT included)")
        + select("vat_rate_pct", "Thuế VAT / VAT rate", {r: f"{r}%" for r in VAT_RATES})
        + select("group_code", "Nhóm / Group", GROUPS)
        + f"<p><label><input type='checkbox' name='active' value='1'{checked}> "
        "Đang bán / On sale</label></p><p><button>Lưu / Save</button> "
        "<a href='/catalogue'>Quay lại / Back</a></p></form>"
    )


def edit_page(session_factory, who: Viewer, product_id, form=None, message="", status=200):
    with session_factory() as session:
        p = session.get(Product, product_id)
        if p is None:
            raise Refused(404)
        if form is None:
            price = catalogue_edit.latest_prices(session, [p.id]).get(p.id)
            form = {k: str(getattr(p, k)) for k in ("name_vi", "name_en", "vat_rate_pct")}
            form |= {"group_code": p.group_code, "active": "1" if p.active else "",
                     "price_vnd": "" if price is None else str(price)}  # fmt: skip
        body = (f"<h1>{html.escape(p.sku)} — {html.escape(p.name_vi)}</h1>{message}"
                + _edit_form(who, p, form))  # fmt: skip
    return page(who, f"{p.sku} — Danh mục / Catalogue", body, status)


def _values(form: dict[str, str]) -> tuple[dict, int | None]:
    vat = form.get("vat_rate_pct", "")
    values = {
        "name_vi": form.get("name_vi", "").strip(),
        "name_en": form.get("name_en", "").strip(),
        "vat_rate_pct": int(vat) if vat.isdigit() and len(vat) < 4 else -1,
        "group_code": form.get("group_code", ""),
        "active": form.get("active") == "1",
    }
    return values, parse_vnd(form.get("price_vnd"))


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/catalogue")
    def catalogue(request: Request, q: str = "", page: int = 1, done: str = "") -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.sees_catalogue(who.operator))
        return list_page(session_factory, who, q[:100], max(1, min(page, 10**6)),
                         alert(DONE.get(done, "")))  # fmt: skip

    @r.get("/catalogue/{product_id}")
    def product(request: Request, product_id: uuid.UUID) -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.manages_catalogue(who.operator))
        return edit_page(session_factory, who, product_id)

    @r.post("/catalogue/{product_id}")
    async def save(request: Request, product_id: uuid.UUID):
        who = viewer(session_factory, request)
        who.require(access.manages_catalogue(who.operator))
        form = await read_form(request, who)
        values, price = _values(form)
        try:
            if price is None:
                raise catalogue_edit.InvalidProductEdit(
                    "Giá phải là số đồng nguyên / The price must be whole đồng"
                )
            with session_factory.begin() as session:
                catalogue_edit.edit_product(session, product_id, values, price)
        except LookupError as exc:
            raise Refused(404) from exc
        except catalogue_edit.InvalidProductEdit as exc:
            form = {k: form.get(k, "") for k in (*catalogue_edit.EDITABLE, "price_vnd")}
            return edit_page(session_factory, who, product_id, form, alert(str(exc)), 422)
        return RedirectResponse("/catalogue?done=saved", status_code=303)

    return r
