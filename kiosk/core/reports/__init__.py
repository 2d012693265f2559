"""Reports: the period tables (sales by day, product, producer..., stock value), the X and
Z cash reports (:mod:`kiosk.core.reports.xz`), and their PDF documents.
"""
