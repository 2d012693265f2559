"""The catalogue: finding products by barcode or name (lookup), barcodes and their check
digits, the rows every writer validates, the manager's product and producer services, the
paged product table, CSV import, shelf labels, product photos (a folder of files by SKU), and the
demo catalogue.
"""
