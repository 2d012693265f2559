"""The manager's stock screens as back office sections: goods receipts, counts,
adjustments, products and producers, labels, and their item models.
"""
