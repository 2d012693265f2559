"""The till's domain: catalogue, cart and pricing, checkout, users, receipts. No Qt here."""
