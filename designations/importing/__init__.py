"""Importing published lists into the working copy: the UN Security Council consolidated list (XML)
and the 1718 Committee's designated vessel list (CSV).

An import is a *sync*, not an append (see ``sync.py``): entries are matched to existing designations,
only real changes are written, entries that left the list are marked delisted (never deleted), and
the whole run is one reversion revision in one transaction. ``run.py`` ties the steps together for
the management commands ``import_un_list`` and ``import_vessels``.
"""

from designations.importing.errors import ImportRefused
from designations.importing.run import Outcome, import_un_list, import_vessel_list

__all__ = ["ImportRefused", "Outcome", "import_un_list", "import_vessel_list"]
