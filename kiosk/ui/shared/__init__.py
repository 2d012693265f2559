"""What every screen shares: background work off the GUI thread, touch dialogs and the PIN
pad, messages for errors, notices, QR pixmaps, printing, wedge-scan detection, display text.
"""
