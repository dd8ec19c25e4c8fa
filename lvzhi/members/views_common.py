"""Helpers shared by the pages of the members areas (meetings, changes)."""

from lvzhi.core.forms import errors_to_form

__all__ = ["errors_to_form"]
