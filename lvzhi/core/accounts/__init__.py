"""Accounts (等保三级): login lockout through django-axes, session lifetimes, the password
policy and the forced password change of accounts created in production."""
