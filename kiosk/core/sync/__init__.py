"""Head-office sync: the client that pushes the outbox and pulls catalogue changes
(:mod:`kiosk.core.sync.client`) and the service the rest of the kiosk sees (enrolment,
status, sync now, the background worker's life).
"""
