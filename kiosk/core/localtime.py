"""Vietnam's clock: the one time zone of the shop's business day, receipts and reports."""

import datetime as dt

# Vietnam keeps one offset all year (no daylight saving): the business day is local.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
