"""API tokens with an expiry and revocation, stored as a SHA-256 hash (never the key).

Clients keep sending ``Authorization: Token <key>``; see ``authentication.py``.
"""
