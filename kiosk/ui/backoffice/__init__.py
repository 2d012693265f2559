"""The back office: its screen and the context its sections get, the shift, refund,
report, settlement and settings sections, and the widgets they share.
"""
