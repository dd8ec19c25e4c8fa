"""三员分立 (separation of duties, 等保 2.0): the system, security and audit
administrators, what each may do, and the services through which the platform's own
settings change — role assignments, roles, working-day overrides, user accounts — each
audited like any other write."""
