"""Reports: the period tables (:mod:`~kiosk.core.reports.period` the service;
:mod:`~kiosk.core.reports.sales` sales by day, hour, product, group, producer, province, clerk,
payment and VAT; :mod:`~kiosk.core.reports.stock` slow movers and stock value;
:mod:`~kiosk.core.reports.figures` the period and per-product nets;
:mod:`~kiosk.core.reports.table` ReportTable and CSV), the X and Z cash reports (computed in
:mod:`kiosk.core.reports.xz`, printed by :mod:`~kiosk.core.reports.xz_print`), and their A4
PDF documents (:mod:`~kiosk.core.reports.documents` over :mod:`~kiosk.core.reports.pdf`).
"""
