"""The back office: its screen, the context its sections get, the way in (entry: a manager's
PIN for a clerk, the open-shift dialog), the shift, refund, report, settlement and settings
sections, and the widgets they share.
"""
