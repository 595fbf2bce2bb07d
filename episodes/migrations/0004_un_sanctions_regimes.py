"""Every UN Security Council sanctions regime since 1966, as reference data.

The fifteen regimes migration 0002 seeded are updated in place (matched by code); the others are
added. Codes follow the scheme in ``Regime``'s docstring: the UN consolidated list's reference-
number prefix where the list has one (the 2023 list has SO, QD, IQ, CD, SD, KP, LY, TA, GB, CF,
YE, SS, HT, ML and IR), otherwise the number of the establishing resolution.

Each row names in ``sources`` the resolutions its facts come from. A fact not certain enough is
left empty (no committee for Sudan 1996, no terminating resolution where measures lapsed). Dates
are adoption dates of the resolutions named; where measures lapsed without a resolution, the
termination date is their last day, as the source resolution set it.

The rows are working records: nothing here is public until a reviewer approves them through the
workflow (``load_demo`` does so for the demo; on a production install an operator submits them).
Descriptions are left as they are when a researcher already wrote one.
"""

import datetime

from django.db import migrations


def D(year, month, day):
    return datetime.date(year, month, day)


REGIMES = [
    {
        "code": "232",
        "short_name": "Southern Rhodesia",
        "name": "Southern Rhodesia",
        "committee": "253 Committee",
        "established_by": "S/RES/232 (1966)",
        "established_on": D(1966, 12, 16),
        "terminated_by": "S/RES/460 (1979)",
        "terminated_on": D(1979, 12, 21),
        "target": "The minority régime in Southern Rhodesia (today Zimbabwe)",
        "target_countries": "ZWE",
        "sources": "S/RES/232 (1966); S/RES/253 (1968); S/RES/460 (1979)",
    },
    {
        "code": "418",
        "short_name": "South Africa",
        "name": "South Africa",
        "committee": "421 Committee",
        "established_by": "S/RES/418 (1977)",
        "established_on": D(1977, 11, 4),
        "terminated_by": "S/RES/919 (1994)",
        "terminated_on": D(1994, 5, 25),
        "target": "South Africa (arms embargo)",
        "target_countries": "ZAF",
        "sources": "S/RES/418 (1977); S/RES/421 (1977); S/RES/919 (1994)",
    },
    {
        "code": "661",
        "short_name": "Iraq (1990)",
        "name": "Iraq (1990–2003)",
        "committee": "661 Committee",
        "established_by": "S/RES/661 (1990)",
        "established_on": D(1990, 8, 6),
        "terminated_by": "S/RES/1483 (2003)",
        "terminated_on": D(2003, 5, 22),
        "target": "Iraq",
        "target_countries": "IRQ",
        "sources": "S/RES/661 (1990); S/RES/1483 (2003)",
        "description": (
            "Resolution 1483 (2003) lifted the trade measures. The arms embargo and the freeze "
            "of the funds of the former Government of Iraq continued; from November 2003 the "
            "1518 Committee oversaw them (regime IQ)."
        ),
    },
    {
        "code": "713",
        "short_name": "Former Yugoslavia",
        "name": "Former Yugoslavia",
        "committee": "724 Committee",
        "established_by": "S/RES/713 (1991)",
        "established_on": D(1991, 9, 25),
        "terminated_by": "S/RES/1074 (1996)",
        "terminated_on": D(1996, 10, 1),
        "target": "Yugoslavia (arms embargo); from 1992 also the Federal Republic of Yugoslavia "
        "(Serbia and Montenegro)",
        "target_countries": "SVN,HRV,BIH,SRB,MNE,MKD",
        "sources": "S/RES/713 (1991); S/RES/724 (1991); S/RES/757 (1992); S/RES/1074 (1996)",
    },
    {
        "code": "748",
        "short_name": "Libya (1992)",
        "name": "Libya (1992–2003)",
        "committee": "748 Committee",
        "established_by": "S/RES/748 (1992)",
        "established_on": D(1992, 3, 31),
        "terminated_by": "S/RES/1506 (2003)",
        "terminated_on": D(2003, 9, 12),
        "target": "Libya (Libyan Arab Jamahiriya)",
        "target_countries": "LBY",
        "sources": "S/RES/731 (1992); S/RES/748 (1992); S/RES/1506 (2003)",
    },
    {
        "code": "SO",
        "short_name": "Somalia",
        "name": "Somalia",
        "committee": "751 Committee",
        "established_by": "S/RES/733 (1992)",
        "established_on": D(1992, 1, 23),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Somalia (arms embargo); from 2009 to 2018 also Eritrea",
        "target_countries": "SOM",
        "sources": "S/RES/733 (1992); S/RES/751 (1992); S/RES/1907 (2009); S/RES/2444 (2018)",
    },
    {
        "code": "788",
        "short_name": "Liberia (1992)",
        "name": "Liberia (1992–2001)",
        "committee": "985 Committee",
        "established_by": "S/RES/788 (1992)",
        "established_on": D(1992, 11, 19),
        "terminated_by": "S/RES/1343 (2001)",
        "terminated_on": D(2001, 3, 7),
        "target": "Liberia (arms embargo)",
        "target_countries": "LBR",
        "sources": "S/RES/788 (1992); S/RES/985 (1995); S/RES/1343 (2001)",
    },
    {
        "code": "841",
        "short_name": "Haiti (1993)",
        "name": "Haiti (1993–1994)",
        "committee": "841 Committee",
        "established_by": "S/RES/841 (1993)",
        "established_on": D(1993, 6, 16),
        "terminated_by": "S/RES/944 (1994)",
        "terminated_on": D(1994, 9, 29),
        "target": "Haiti (the de facto authorities after the 1991 coup)",
        "target_countries": "HTI",
        "sources": "S/RES/841 (1993); S/RES/917 (1994); S/RES/944 (1994)",
        "description": (
            "Resolution 944 (1994) ended the measures with effect from the day after President "
            "Jean-Bertrand Aristide returned to Haiti."
        ),
    },
    {
        "code": "864",
        "short_name": "Angola (UNITA)",
        "name": "Angola (UNITA)",
        "committee": "864 Committee",
        "established_by": "S/RES/864 (1993)",
        "established_on": D(1993, 9, 15),
        "terminated_by": "S/RES/1448 (2002)",
        "terminated_on": D(2002, 12, 9),
        "target": "UNITA (União Nacional para a Independência Total de Angola)",
        "target_countries": "AGO",
        "sources": "S/RES/864 (1993); S/RES/1448 (2002)",
    },
    {
        "code": "918",
        "short_name": "Rwanda",
        "name": "Rwanda",
        "committee": "918 Committee",
        "established_by": "S/RES/918 (1994)",
        "established_on": D(1994, 5, 17),
        "terminated_by": "S/RES/1823 (2008)",
        "terminated_on": D(2008, 7, 10),
        "target": "Rwanda (arms embargo)",
        "target_countries": "RWA",
        "sources": "S/RES/918 (1994); S/RES/1823 (2008)",
    },
    {
        "code": "1054",
        "short_name": "Sudan (1996)",
        "name": "Sudan (1996–2001)",
        "committee": "",
        "established_by": "S/RES/1054 (1996)",
        "established_on": D(1996, 4, 26),
        "terminated_by": "S/RES/1372 (2001)",
        "terminated_on": D(2001, 9, 28),
        "target": "The Government of Sudan (diplomatic measures)",
        # Sudan in its borders of the time, which included today's South Sudan.
        "target_countries": "SDN,SSD",
        "sources": "S/RES/1054 (1996); S/RES/1070 (1996); S/RES/1372 (2001)",
    },
    {
        "code": "1132",
        "short_name": "Sierra Leone",
        "name": "Sierra Leone",
        "committee": "1132 Committee",
        "established_by": "S/RES/1132 (1997)",
        "established_on": D(1997, 10, 8),
        "terminated_by": "S/RES/1940 (2010)",
        "terminated_on": D(2010, 9, 29),
        "target": "Sierra Leone (the military junta; from 1998 non-governmental forces)",
        "target_countries": "SLE",
        "sources": "S/RES/1132 (1997); S/RES/1171 (1998); S/RES/1940 (2010)",
    },
    {
        "code": "1160",
        "short_name": "FRY (Kosovo)",
        "name": "Federal Republic of Yugoslavia (Kosovo)",
        "committee": "1160 Committee",
        "established_by": "S/RES/1160 (1998)",
        "established_on": D(1998, 3, 31),
        "terminated_by": "S/RES/1367 (2001)",
        "terminated_on": D(2001, 9, 10),
        "target": "The Federal Republic of Yugoslavia, including Kosovo (arms embargo)",
        "target_countries": "SRB,MNE",
        "sources": "S/RES/1160 (1998); S/RES/1367 (2001)",
    },
    {
        "code": "QD",
        "short_name": "ISIL (Da'esh) and Al-Qaida",
        "name": "ISIL (Da'esh) and Al-Qaida",
        "committee": "1267 Committee",
        "established_by": "S/RES/1267 (1999)",
        "established_on": D(1999, 10, 15),
        "terminated_by": "",
        "terminated_on": None,
        "target": "ISIL (Da'esh), Al-Qaida and associated individuals, groups, undertakings and "
        "entities (until 2011 also the Taliban)",
        "target_countries": "",
        "is_thematic": True,
        "sources": "S/RES/1267 (1999); S/RES/1989 (2011); S/RES/2253 (2015)",
        "description": (
            "Established in 1999 against the Taliban. In 2011 the Taliban measures moved to a "
            "regime of their own (resolution 1988 (2011), regime TA) and this one continued "
            "against Al-Qaida (resolution 1989 (2011)); resolution 2253 (2015) extended it to "
            "ISIL (Da'esh)."
        ),
    },
    {
        "code": "1298",
        "short_name": "Eritrea and Ethiopia",
        "name": "Eritrea and Ethiopia",
        "committee": "1298 Committee",
        "established_by": "S/RES/1298 (2000)",
        "established_on": D(2000, 5, 17),
        "terminated_by": "",
        "terminated_on": D(2001, 5, 16),
        "target": "Eritrea and Ethiopia (arms embargo)",
        "target_countries": "ERI,ETH",
        "sources": "S/RES/1298 (2000)",
        "description": (
            "Resolution 1298 (2000) established the measures for twelve months; they lapsed "
            "without renewal."
        ),
    },
    {
        "code": "1343",
        "short_name": "Liberia (2001)",
        "name": "Liberia (2001–2003)",
        "committee": "1343 Committee",
        "established_by": "S/RES/1343 (2001)",
        "established_on": D(2001, 3, 7),
        "terminated_by": "S/RES/1521 (2003)",
        "terminated_on": D(2003, 12, 22),
        "target": "The Government of Liberia",
        "target_countries": "LBR",
        "sources": "S/RES/1343 (2001); S/RES/1521 (2003)",
    },
    {
        "code": "IQ",
        "short_name": "Iraq",
        "name": "Iraq",
        "committee": "1518 Committee",
        "established_by": "S/RES/1518 (2003)",
        "established_on": D(2003, 11, 24),
        "terminated_by": "",
        "terminated_on": None,
        "target": "The former Government of Iraq and senior officials of the former régime "
        "(funds and assets)",
        "target_countries": "IRQ",
        "sources": "S/RES/1483 (2003); S/RES/1518 (2003)",
    },
    {
        "code": "1521",
        "short_name": "Liberia (2003)",
        "name": "Liberia (2003–2016)",
        "committee": "1521 Committee",
        "established_by": "S/RES/1521 (2003)",
        "established_on": D(2003, 12, 22),
        "terminated_by": "S/RES/2288 (2016)",
        "terminated_on": D(2016, 5, 25),
        "target": "Liberia",
        "target_countries": "LBR",
        "sources": "S/RES/1521 (2003); S/RES/2288 (2016)",
    },
    {
        "code": "CD",
        "short_name": "DRC",
        "name": "Democratic Republic of the Congo",
        "committee": "1533 Committee",
        "established_by": "S/RES/1533 (2004)",
        "established_on": D(2004, 3, 12),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Armed groups in the Democratic Republic of the Congo",
        "target_countries": "COD",
        "sources": "S/RES/1493 (2003); S/RES/1533 (2004)",
        "description": (
            "The arms embargo dates from resolution 1493 (2003); resolution 1533 (2004) "
            "established the Committee."
        ),
    },
    {
        "code": "1572",
        "short_name": "Côte d'Ivoire",
        "name": "Côte d'Ivoire",
        "committee": "1572 Committee",
        "established_by": "S/RES/1572 (2004)",
        "established_on": D(2004, 11, 15),
        "terminated_by": "S/RES/2283 (2016)",
        "terminated_on": D(2016, 4, 28),
        "target": "Côte d'Ivoire",
        "target_countries": "CIV",
        "sources": "S/RES/1572 (2004); S/RES/2283 (2016)",
    },
    {
        "code": "SD",
        "short_name": "Sudan",
        "name": "Sudan",
        "committee": "1591 Committee",
        "established_by": "S/RES/1591 (2005)",
        "established_on": D(2005, 3, 29),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Armed groups and individuals who impede peace in Darfur",
        "target_countries": "SDN",
        "sources": "S/RES/1556 (2004); S/RES/1591 (2005)",
        "description": (
            "The arms embargo dates from resolution 1556 (2004); resolution 1591 (2005) "
            "widened it and established the Committee."
        ),
    },
    {
        "code": "1636",
        "short_name": "Lebanon",
        "name": "Lebanon",
        "committee": "1636 Committee",
        "established_by": "S/RES/1636 (2005)",
        "established_on": D(2005, 10, 31),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Individuals suspected of involvement in the bombing of 14 February 2005 in "
        "Beirut that killed former Prime Minister Rafiq Hariri",
        "target_countries": "LBN",
        "sources": "S/RES/1636 (2005)",
    },
    {
        "code": "KP",
        "short_name": "DPRK",
        "name": "Democratic People's Republic of Korea",
        "committee": "1718 Committee",
        "established_by": "S/RES/1718 (2006)",
        "established_on": D(2006, 10, 14),
        "terminated_by": "",
        "terminated_on": None,
        "target": "The DPRK's nuclear, ballistic missile and other weapons of mass destruction "
        "programmes",
        "target_countries": "PRK",
        "sources": "S/RES/1718 (2006)",
    },
    {
        "code": "IR",
        "short_name": "Iran",
        "name": "Islamic Republic of Iran",
        "committee": "1737 Committee",
        "established_by": "S/RES/1737 (2006)",
        "established_on": D(2006, 12, 23),
        "terminated_by": "S/RES/2231 (2015)",
        "terminated_on": D(2016, 1, 16),
        "target": "Iran's proliferation-sensitive nuclear activities and the development of "
        "nuclear weapon delivery systems",
        "target_countries": "IRN",
        "sources": "S/RES/1737 (2006); S/RES/2231 (2015)",
        "description": (
            "Resolution 2231 (2015) endorsed the Joint Comprehensive Plan of Action and ended "
            "the earlier resolutions' measures on its Implementation Day; the UN list still "
            "carries the designations kept under resolution 2231 (2015) with the IR prefix."
        ),
    },
    {
        "code": "LY",
        "short_name": "Libya",
        "name": "Libya",
        "committee": "1970 Committee",
        "established_by": "S/RES/1970 (2011)",
        "established_on": D(2011, 2, 26),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Libya",
        "target_countries": "LBY",
        "sources": "S/RES/1970 (2011)",
    },
    {
        "code": "TA",
        "short_name": "Taliban",
        "name": "Taliban",
        "committee": "1988 Committee",
        "established_by": "S/RES/1988 (2011)",
        "established_on": D(2011, 6, 17),
        "terminated_by": "",
        "terminated_on": None,
        "target": "The Taliban and associated individuals, groups, undertakings and entities "
        "that threaten the peace, stability and security of Afghanistan",
        "target_countries": "AFG",
        "sources": "S/RES/1988 (2011)",
    },
    {
        "code": "GB",
        "short_name": "Guinea-Bissau",
        "name": "Guinea-Bissau",
        "committee": "2048 Committee",
        "established_by": "S/RES/2048 (2012)",
        "established_on": D(2012, 5, 18),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Those who led or supported the military coup of 12 April 2012 in Guinea-Bissau",
        "target_countries": "GNB",
        "sources": "S/RES/2048 (2012)",
    },
    {
        "code": "CF",
        "short_name": "CAR",
        "name": "Central African Republic",
        "committee": "2127 Committee",
        "established_by": "S/RES/2127 (2013)",
        "established_on": D(2013, 12, 5),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Central African Republic",
        "target_countries": "CAF",
        "sources": "S/RES/2127 (2013)",
    },
    {
        "code": "YE",
        "short_name": "Yemen",
        "name": "Yemen",
        "committee": "2140 Committee",
        "established_by": "S/RES/2140 (2014)",
        "established_on": D(2014, 2, 26),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Those who threaten the peace, security or stability of Yemen",
        "target_countries": "YEM",
        "sources": "S/RES/2140 (2014)",
    },
    {
        "code": "SS",
        "short_name": "South Sudan",
        "name": "South Sudan",
        "committee": "2206 Committee",
        "established_by": "S/RES/2206 (2015)",
        "established_on": D(2015, 3, 3),
        "terminated_by": "",
        "terminated_on": None,
        "target": "South Sudan",
        "target_countries": "SSD",
        "sources": "S/RES/2206 (2015)",
    },
    {
        "code": "ML",
        "short_name": "Mali",
        "name": "Mali",
        "committee": "2374 Committee",
        "established_by": "S/RES/2374 (2017)",
        "established_on": D(2017, 9, 5),
        "terminated_by": "",
        "terminated_on": D(2023, 8, 31),
        "target": "Those who obstruct the implementation of the 2015 Agreement on Peace and "
        "Reconciliation in Mali",
        "target_countries": "MLI",
        "sources": "S/RES/2374 (2017); S/RES/2649 (2022)",
        "description": (
            "Resolution 2649 (2022) renewed the measures until 31 August 2023; they were not "
            "renewed again and lapsed on that day."
        ),
    },
    {
        "code": "HT",
        "short_name": "Haiti",
        "name": "Haiti",
        "committee": "2653 Committee",
        "established_by": "S/RES/2653 (2022)",
        "established_on": D(2022, 10, 21),
        "terminated_by": "",
        "terminated_on": None,
        "target": "Those who engage in or support gang violence and criminal activities that "
        "threaten the peace, security or stability of Haiti",
        "target_countries": "HTI",
        "sources": "S/RES/2653 (2022)",
    },
]


def seed(apps, schema_editor):
    Regime = apps.get_model("episodes", "Regime")
    for row in REGIMES:
        fields = {"is_thematic": False, **row}
        code = fields.pop("code")
        description = fields.pop("description", "")
        regime, created = Regime.objects.update_or_create(code=code, defaults=fields)
        if description and not regime.description:
            regime.description = description
            regime.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [("episodes", "0003_regime_reference_fields")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
