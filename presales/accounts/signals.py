"""Signals of the accounts app, for apps built on it to plug into (accounts imports none of them)."""

from django.dispatch import Signal

# Sent after a user's password was saved as changed or disabled (any path: the password page,
# the admin's password form, `manage.py changepassword`, a service calling set_password()),
# never for the re-hash of an unchanged password at log-in. Keyword: `user`.
password_changed = Signal()
