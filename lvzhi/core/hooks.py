"""Named extension points: a lower app announces a change, and the higher apps listed in
``settings.LVZHI_HOOKS`` act on it inside the same transaction.

Why not a signal: the receivers are listed in one place (settings), run in a fixed order,
and a failing receiver rolls the whole write back. Why not an import: a lower app
(``orgs``) never imports a higher one (``members``), see docs/decisions/0007-hooks.md.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def run(name: str, **kwargs) -> None:
    """Call every receiver of hook ``name`` with ``kwargs`` (keyword-only)."""
    for path in getattr(settings, "LVZHI_HOOKS", {}).get(name, ()):
        import_string(path)(**kwargs)


def collect(name: str, **kwargs) -> list:
    """Ask every receiver of hook ``name`` and return their answers in settings order: how a
    lower app reads figures a higher app keeps (the 妇女之家 board's counts from the ledger)
    without importing it."""
    return [
        import_string(path)(**kwargs) for path in getattr(settings, "LVZHI_HOOKS", {}).get(name, ())
    ]
