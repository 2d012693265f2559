"""An invoice as Viettel SInvoice's ``createInvoice`` takes it (JSON, API v2), and its answer.

Field names from Viettel's "SInvoice technical documentation for integration" and the public
clients written from it (see docs/einvoice.md). The local provider reads the same body, so the
demo and the tests exercise this mapping too. Amounts are integers of đồng; Viettel wants the
amounts before tax per line and the tax per rate; an adjustment (``adjustmentType`` 5) lists
its lines as decreases (``isIncreaseItem`` false) with positive amounts.
"""

from typing import Any

from kiosk.core.einvoice.document import InvoiceData
from kiosk.core.einvoice.rules import check_template

ADJUSTMENT_TYPE = {"sale": "1", "replace": "3", "adjust": "5"}


def create_body(data: InvoiceData) -> dict[str, Any]:
    general = {
        "invoiceType": check_template(data.template)[0],
        "templateCode": data.template,
        "invoiceSeries": data.symbol,
        "currencyCode": "VND",
        "adjustmentType": ADJUSTMENT_TYPE[data.kind],
        "paymentStatus": True,
        "cusGetInvoiceRight": True,
        "invoiceIssuedDate": int(data.issued_at.timestamp() * 1000),
        "transactionUuid": data.key,
        "invoiceNote": data.note or data.receipt_no,
    }
    if data.original is not None:
        general.update(
            {
                "originalInvoiceId": f"{data.original.symbol}{data.original.invoice_no}",
                "originalTemplateCode": data.original.template,
                "originalInvoiceIssueDate": int(data.original.issued_at.timestamp() * 1000)
                if data.original.issued_at
                else None,
                "adjustmentInvoiceType": "1" if data.kind == "adjust" else "",
            }
        )
    return {
        "generalInvoiceInfo": general,
        "buyerInfo": _buyer(data),
        "sellerInfo": {
            "sellerLegalName": data.seller.name,
            "sellerTaxCode": data.seller.tax_code,
            "sellerAddressLine": data.seller.address,
        },
        "payments": [{"paymentMethodName": data.payment_method}],
        "itemInfo": [_item(n, line) for n, line in enumerate(data.lines, start=1)],
        "summarizeInfo": {
            "totalAmountWithoutTax": abs(data.total_vnd - data.vat_vnd),
            "totalTaxAmount": abs(data.vat_vnd),
            "totalAmountWithTax": abs(data.total_vnd),
            "discountAmount": 0,
            "isTotalAmountPos": data.total_vnd >= 0,
        },
        "taxBreakdowns": [
            {
                "taxPercentage": r.rate_pct,
                "taxableAmount": abs(r.gross_vnd - r.vat_vnd),
                "taxAmount": abs(r.vat_vnd),
            }
            for r in data.rates
        ],
    }


def _buyer(data: InvoiceData) -> dict[str, Any]:
    b = data.buyer
    body = {"buyerNotGetInvoice": 0 if not b.is_empty else 1}
    if b.tax_code:
        body.update({"buyerLegalName": b.name, "buyerTaxCode": b.tax_code})
    elif b.name:
        body["buyerName"] = b.name
    if b.address:
        body["buyerAddressLine"] = b.address
    if b.phone:
        body["buyerPhoneNumber"] = b.phone
    if b.id_no:
        body["buyerIdNo"] = b.id_no
    return body


def _item(n: int, line) -> dict[str, Any]:
    return {
        "lineNumber": n,
        "selection": 1,
        "itemName": line.name,
        "unitName": line.unit,
        "quantity": line.quantity,
        "unitPrice": line.unit_price_vnd,
        "itemTotalAmountWithoutTax": abs(line.net_vnd),
        "taxPercentage": line.vat_rate_pct,
        "taxAmount": abs(line.vat_vnd),
        "itemTotalAmountWithTax": abs(line.amount_vnd),
        "isIncreaseItem": line.amount_vnd >= 0,
    }
