"""Head-office sync: the client that pushes the outbox and pulls catalogue changes
(:mod:`kiosk.core.sync.client`, with :mod:`~kiosk.core.sync.push` for the outbox's side,
:mod:`~kiosk.core.sync.pages` for the paged pull and
:mod:`~kiosk.core.sync.pull` for applying each page, :mod:`~kiosk.core.sync.state` for the
enrolment and cursors, :mod:`~kiosk.core.sync.errors`), and the service the rest of the kiosk
sees (:mod:`kiosk.core.sync.service`: enrolment, status, sync now, the background worker's life).
"""
