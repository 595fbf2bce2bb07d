"""Demo designations typed by hand from public facts: one of each kind, partial birth dates too.

Individuals and entities follow the UN consolidated list (DATAID and reference number included,
so that a later import of the real list updates these rows instead of duplicating them). The
vessel follows the 1718 Committee's vessel list and press release SC/13542.
"""

import datetime

D = datetime.date
DPRK = "Democratic People's Republic of Korea"

DESIGNATIONS = [
    {
        "fields": {
            "kind": "individual",
            "reference_number": "KPi.033",
            "dataid": 6908555,
            "name": "RI WON HO",
            "first_name": "RI",
            "second_name": "WON HO",
            "positions": ["DPRK Ministry of State Security Official"],
            "nationalities": [DPRK],
            "listed_on": D(2016, 11, 30),
            "narrative": "Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID.",
            "un_list_type": "DPRK",
            "source": "un_list",
        },
        "birth_dates": [{"kind": "exact", "date": D(1964, 7, 17)}],
        "documents": [{"document_type": "Passport", "number": "381310014"}],
    },
    {
        "fields": {
            "kind": "individual",
            "reference_number": "KPi.066",
            "dataid": 6908643,
            "name": "KIM JONG SIK",
            "first_name": "KIM",
            "second_name": "JONG SIK",
            "positions": [
                "A leading official guiding the DPRK’s WMD development efforts. Serving as Deputy "
                "Director of the Workers’ Party of Korea Munitions Industry Department"
            ],
            "nationalities": [DPRK],
            "listed_on": D(2017, 12, 22),
            "narrative": "Gender: male",
            "un_list_type": "DPRK",
            "source": "un_list",
        },
        "aliases": [{"quality": "good", "name": "Kim Cho’ng-sik"}],
        "addresses": [{"country": DPRK}],
        "birth_dates": [{"kind": "between", "from_year": 1967, "to_year": 1969}],
    },
    {
        "fields": {
            "kind": "individual",
            "reference_number": "KPi.004",
            "dataid": 690740,
            "name": "RI HONG-SOP",
            "first_name": "RI",
            "second_name": "HONG-SOP",
            "positions": [
                "Former director, Yongbyon Nuclear Research Center, and Head of Nuclear Weapons Institute"
            ],
            "nationalities": [DPRK],
            "listed_on": D(2009, 7, 16),
            "amended_on": ["2018-07-09", "2022-07-26"],
            "narrative": (
                "Former director, Yongbyon Nuclear Research Center, oversaw three core facilities "
                "that assist in the production of weapons-grade plutonium: the Fuel Fabrication "
                "Facility, the Nuclear Reactor, and the Reprocessing Plant."
            ),
            "un_list_type": "DPRK",
            "source": "un_list",
        },
        "addresses": [{"city": "Pyongyang", "country": DPRK}],
        "birth_dates": [{"kind": "year", "year": 1940}],
    },
    {
        "fields": {
            "kind": "entity",
            "reference_number": "KPe.020",
            "dataid": 6908046,
            "name": "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)",
            "first_name": "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)",
            "listed_on": D(2014, 7, 28),
            "amended_on": ["2022-07-26"],
            "narrative": (
                "Ocean Maritime Management Company, Limited is the operator/manager of the vessel "
                "Chong Chon Gang. It played a key role in arranging the shipment of concealed cargo "
                "of arms and related materiel from Cuba to the DPRK in July 2013. As such, Ocean "
                "Maritime Management Company, Limited contributed to activities prohibited by the "
                "resolutions, namely the arms embargo imposed by resolution 1718 (2006), as "
                "modified by resolution 1874 (2009), and contributed to the evasion of the measures "
                "imposed by these resolutions. International Maritime Organization (IMO) Number: "
                "1790183."
            ),
            "un_list_type": "DPRK",
            "source": "un_list",
        },
        "aliases": [
            {"quality": "aka", "name": "East Sea Shipping Company"},
            {"quality": "aka", "name": "Korea Mirae Shipping Co. Ltd"},
            {"quality": "aka", "name": "Haeyang Crew Management Company"},
        ],
        "addresses": [
            {
                "street": "Donghung Dong, Central District, PO Box 120",
                "city": "Pyongyang",
                "country": DPRK,
            },
            {
                "street": "Dongheung-dong Changgwang Street, Chung-Ku, PO Box 125",
                "city": "Pyongyang",
                "country": DPRK,
            },
        ],
    },
    {
        "fields": {
            "kind": "entity",
            "reference_number": "KPe.067",
            "dataid": 6908681,
            "name": "KOTI CORP",
            "first_name": "KOTI CORP",
            "listed_on": D(2018, 3, 30),
            "amended_on": ["2022-07-26"],
            "narrative": (
                "Ship manager and commercial manager of the Panama-flagged vessel KOTI, which "
                "conducted ship-to-ship transfers of likely petroleum product to the DPRK-flagged "
                "KUM UN SAN 3 on 9 December 2017. IMO number: 5982254."
            ),
            "un_list_type": "DPRK",
            "source": "un_list",
        },
        "addresses": [{"city": "Panama City", "country": "Panama"}],
    },
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
