"""The clerk's till: sign-in, the sale screen with its cart and catalogue panel, the payment
screen, and the status bar.
"""
