"""The demo's hand-typed designation: a vessel, after the 1718 Committee's vessel list and press
release SC/13542.

Individuals and entities come from the real UN consolidated list, which ``load_demo`` imports
(``ops/demo/data``); the UN list carries no vessels, so this one never clashes with it.
"""

import datetime

D = datetime.date

DESIGNATIONS = [
    {
        "fields": {
            "kind": "vessel",
            "imo_number": "8705539",
            "name": "KUM UN SAN 3",
            "flag": "Democratic People's Republic of Korea",
            "vessel_type": "Tanker",
            "listed_on": D(2018, 10, 16),
            "narrative": (
                "DPRK tanker designated by the 1718 Committee on 16 October 2018 (SC/13542) for a "
                "ship-to-ship transfer, likely of petroleum, with NEW REGENT on 7 June 2018."
            ),
            "applicable_measures": (
                "Deflagging (resolution 2321 (2016), paragraph 12); port entry ban "
                "(resolution 2371 (2017), paragraph 6)"
            ),
            "source": "vessel_list",
        },
    },
]
