"""Shared fixtures of the importer tests: the real UN lists, an archive directory, small lists."""

import os
from pathlib import Path

import pytest
from django.apps import apps


def _shared_data() -> Path:
    """ATLAS_SHARED_DATA if set, else ../shared/data beside the repository (DESIGN.md, "Real
    data"). No other place is looked at: the tests stand anywhere."""
    if os.environ.get("ATLAS_SHARED_DATA"):
        return Path(os.environ["ATLAS_SHARED_DATA"])
    return Path(__file__).resolve().parents[3] / "shared" / "data"


DATA = _shared_data()
UN_2017 = DATA / "un-consolidated-2017-07-03.xml"
UN_2023 = DATA / "un-consolidated-2023-03-27.xml"
VESSELS = Path(__file__).resolve().parent / "data" / "vessels-1718.csv"

# Skipped with the reason where the lists are absent, but never in CI (CI=true), which has them:
# there a missing list fails the tests instead of hiding them.
needs_real_lists = pytest.mark.skipif(
    not (UN_2017.is_file() and UN_2023.is_file()) and not os.environ.get("CI"),
    reason=f"the real UN lists are not in {DATA} (the project never copies them into the repo)",
)


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    settings.ATLAS_IMPORT_ARCHIVE_DIR = tmp_path / "archive"
    return settings.ATLAS_IMPORT_ARCHIVE_DIR


def database_state() -> dict:
    """Every row of every model the importer could write: to prove a refusal changed nothing."""
    labels = [
        "designations.Designation",
        "designations.Alias",
        "designations.Address",
        "designations.BirthDate",
        "designations.BirthPlace",
        "designations.IdentityDocument",
        "designations.ImportRun",
        "episodes.Regime",
        "reversion.Revision",
        "reversion.Version",
        "editorial.ChangeRequest",
        "editorial.ChangeRequestItem",
        "editorial.AuditEvent",
    ]
    return {
        label: list(apps.get_model(label).objects.order_by("pk").values_list()) for label in labels
    }


def entry(
    dataid,
    reference,
    *,
    kind="INDIVIDUAL",
    first="TEST",
    second="PERSON",
    listed="2017-01-01",
    extra="",
):
    """One entry of a list in the UN's format (for small lists written by the tests)."""
    if kind == "INDIVIDUAL":
        names = f"<FIRST_NAME>{first}</FIRST_NAME><SECOND_NAME>{second}</SECOND_NAME>"
    else:
        names = f"<FIRST_NAME>{first}</FIRST_NAME>"
    return (
        f"<{kind}><DATAID>{dataid}</DATAID><VERSIONNUM>1</VERSIONNUM>{names}"
        f"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>"
        f"<LISTED_ON>{listed}</LISTED_ON>{extra}</{kind}>"
    )


def un_list(
    *entries, generated="2023-03-27T19:16:01.471-04:00", prolog="", root="CONSOLIDATED_LIST"
):
    individuals = "".join(e for e in entries if e.startswith("<INDIVIDUAL>"))
    entities = "".join(e for e in entries if e.startswith("<ENTITY>"))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<{root} dateGenerated="{generated}">'
        f"<INDIVIDUALS>{individuals}</INDIVIDUALS><ENTITIES>{entities}</ENTITIES></{root}>"
    )


@pytest.fixture
def write(tmp_path):
    """write("name.xml", text) → the path of a file holding ``text``."""

    def write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
