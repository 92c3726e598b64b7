"""claimdesk: a terminal desk for reviewing machine-generated literature-synthesis reports.

The core (``model``, ``parsing``, ``checks``, ``store``, ``export``) never imports
Textual; the two faces, ``cli`` and ``tui``, sit on top of it.
"""

__version__ = "0.1.0"
