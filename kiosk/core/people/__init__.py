"""People: users, PIN sign-in with lock-out, a manager's PIN authorising an action, and
the permissions of each role.
"""
