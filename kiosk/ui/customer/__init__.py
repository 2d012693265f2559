"""The customer display: a second window facing the customer that follows the sale (the shop's
name, the lines and total, the VietQR code, the thanks and change), on the screen the settings
choose. What it shows is built in :mod:`kiosk.core.sale.customer_view`.
"""
