"""Stock: the ledger (movements and on-hand levels moved together), goods receipts from
producers and the rules they are checked against, stock counts and adjustments.
"""
