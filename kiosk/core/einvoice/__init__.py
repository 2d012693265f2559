"""E-invoices generated from the till (Decree 70/2025/NĐ-CP, see docs/einvoice.md): the rules
(symbols, buyer details), the invoice built from a stored sale or refund, the providers behind
one interface chosen by URL, the queue that sends each invoice exactly once, and what the receipt
prints of it. Imports nothing of kiosk.core.sale or kiosk.core.cash: they call it.
"""
