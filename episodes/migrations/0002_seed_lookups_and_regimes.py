"""Seed the configurable list of measure subtypes and the UN sanctions regimes.

Measure subtypes are configurable: their exact labels in the original codebook could not be
confirmed, so they live in a table that reviewers can edit. Regimes are seeded as working records
(they appear publicly only once a reviewer approves them).
"""

import datetime

from django.db import migrations

SUBTYPES = [
    # (slug, name, category)
    ("arms-embargo", "Arms embargo (imports and exports)", "arms"),
    ("arms-imports", "Arms imports", "arms"),
    ("arms-exports", "Arms exports", "arms"),
    ("military-training", "Military training and technical assistance", "arms"),
    ("travel-ban", "Travel ban on designated individuals", "travel"),
    ("asset-freeze", "Asset freeze on designated individuals and entities", "asset_freeze"),
    ("diplomatic-restrictions", "Restrictions on diplomatic staff and missions", "diplomatic"),
    ("wmd-programmes", "Nuclear, ballistic missile and other WMD programmes", "proscribed_activities"),
    ("scientific-cooperation", "Scientific and technical cooperation", "proscribed_activities"),
    ("overseas-workers", "Overseas workers", "proscribed_activities"),
    ("refined-petroleum", "Refined petroleum products", "commodity"),
    ("crude-oil", "Crude oil", "commodity"),
    ("petroleum-exports", "Petroleum exports", "commodity"),
    ("coal", "Coal", "commodity"),
    ("iron-ore", "Iron and iron ore", "commodity"),
    ("metals", "Metals and industrial machinery", "commodity"),
    ("textiles", "Textiles", "commodity"),
    ("seafood", "Seafood", "commodity"),
    ("luxury-goods", "Luxury goods", "commodity"),
    ("food-agriculture", "Food and agricultural products", "commodity"),
    ("machinery-electrical", "Machinery and electrical equipment", "commodity"),
    ("earth-stone-wood", "Earth, stone and wood", "commodity"),
    ("charcoal", "Charcoal", "commodity"),
    ("diamonds", "Diamonds", "commodity"),
    ("timber", "Timber", "commodity"),
    ("vessels", "Vessels: inspection, registration and services", "transportation"),
    ("aviation", "Aviation", "transportation"),
    ("financial-services", "Banking and financial services", "financial_sector"),
    ("joint-ventures", "Joint ventures", "financial_sector"),
    ("trade-finance", "Public financial support for trade", "financial_sector"),
]

REGIMES = [
    # (code, short name, name, committee, established by, established on, terminated on)
    ("SO", "Somalia", "Somalia", "751 Committee", "S/RES/751 (1992)", (1992, 4, 24), None),
    ("QD", "ISIL (Da'esh) and Al-Qaida", "ISIL (Da'esh) and Al-Qaida", "1267 Committee",
     "S/RES/1267 (1999)", (1999, 10, 15), None),
    ("IQ", "Iraq", "Iraq", "1518 Committee", "S/RES/1518 (2003)", (2003, 11, 24), None),
    ("CD", "DRC", "Democratic Republic of the Congo", "1533 Committee", "S/RES/1533 (2004)",
     (2004, 3, 12), None),
    ("SD", "Sudan", "Sudan", "1591 Committee", "S/RES/1591 (2005)", (2005, 3, 29), None),
    ("KP", "DPRK", "Democratic People's Republic of Korea", "1718 Committee",
     "S/RES/1718 (2006)", (2006, 10, 14), None),
    ("IR", "Iran", "Islamic Republic of Iran", "1737 Committee", "S/RES/1737 (2006)",
     (2006, 12, 23), (2016, 1, 16)),
    ("LY", "Libya", "Libya", "1970 Committee", "S/RES/1970 (2011)", (2011, 2, 26), None),
    ("TA", "Taliban", "Taliban", "1988 Committee", "S/RES/1988 (2011)", (2011, 6, 17), None),
    ("GB", "Guinea-Bissau", "Guinea-Bissau", "2048 Committee", "S/RES/2048 (2012)",
     (2012, 5, 18), None),
    ("CF", "CAR", "Central African Republic", "2127 Committee", "S/RES/2127 (2013)",
     (2013, 12, 5), None),
    ("YE", "Yemen", "Yemen", "2140 Committee", "S/RES/2140 (2014)", (2014, 2, 26), None),
    ("SS", "South Sudan", "South Sudan", "2206 Committee", "S/RES/2206 (2015)", (2015, 3, 3), None),
    ("ML", "Mali", "Mali", "2374 Committee", "S/RES/2374 (2017)", (2017, 9, 5), (2023, 8, 31)),
    ("HT", "Haiti", "Haiti", "2653 Committee", "S/RES/2653 (2022)", (2022, 10, 21), None),
]


def seed(apps, schema_editor):
    MeasureSubtype = apps.get_model("episodes", "MeasureSubtype")
    Regime = apps.get_model("episodes", "Regime")
    for slug, name, category in SUBTYPES:
        MeasureSubtype.objects.update_or_create(slug=slug, defaults={"name": name, "category": category})
    for code, short, name, committee, established_by, established, terminated in REGIMES:
        Regime.objects.get_or_create(
            code=code,
            defaults={
                "short_name": short,
                "name": name,
                "committee": committee,
                "established_by": established_by,
                "established_on": datetime.date(*established),
                "terminated_on": datetime.date(*terminated) if terminated else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("episodes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
