"""The sale at the till: the cart and its pricing, payments and tendering, parked carts,
checkout (one transaction on disk), the till session the sale screen drives, the receipt, VietQR
payloads and the print queue that takes receipts to the printer after the sale is written.

Where a scan becomes a cart line: :mod:`kiosk.core.sale.till` (``Till.scan``) with the
catalogue's look-up; where a paid sale is written: :mod:`kiosk.core.sale.checkout`.
"""
