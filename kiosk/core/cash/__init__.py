"""Cash and money back: shifts (float, pay-ins and pay-outs, close with the drawer counted),
voids and refunds of completed sales, and the consignment producers' settlement.
"""
