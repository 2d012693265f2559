"""Bank transfers confirmed by the bank: notifications from a bank-notification service (SePay's
webhook or its transactions API, or the local simulator) matched to the VietQR codes terminals
show, and the terminals told at once. The wire schema the kiosk imports is :mod:`hq.bank.wire`;
this package's ``__init__`` imports nothing, so the kiosk does not load the server with it."""
