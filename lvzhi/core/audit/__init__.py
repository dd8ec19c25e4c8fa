"""Audit area of core: the per-day hash chain of audit events, its verification, and the
audit administrator's reading and export pages."""
