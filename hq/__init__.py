"""Head office: the server terminals sync with (see docs/hq.md). It owns the wire schema,
:mod:`hq.protocol`, which the kiosk's sync client imports; nothing else of hq is for the kiosk.
"""
