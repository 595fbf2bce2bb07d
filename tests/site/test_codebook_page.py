"""The public codebook: a page linked from every page, codebook.json and codebook.md as downloads
and in the data package, and the field descriptions of the API schema, all from one source."""

import io
import json
import zipfile

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from assessments.models import Scale, ScoreLabel
from episodes import codebook
from episodes.models import ConflictType, Objective, PolicyInstrument, TargetType
from public.api import codebook_schema
from public.exports import codebook as public_codebook

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_variable_value_scale_and_rule(
    anonymous_client, demo, settings, django_assert_max_num_queries
):
    settings.ATLAS_EFFECTIVE_RULE = {"policy_outcome_min": 5, "sanctions_contribution_min": 2}
    # one query per configurable list read (four lookups, subtypes, consequences, score labels)
    with django_assert_max_num_queries(13):  # and the publication state of the validators
        response = anonymous_client.get("/codebook/")
    assert response.status_code == 200
    page = response.content.decode()
    for path in codebook.VARIABLES:
        assert f"<code>{path}</code>" in page, path
    for model in (ConflictType, TargetType, Objective, PolicyInstrument):
        for row in model.objects.all():
            assert f"<code>{row.code}</code> <strong>{row.label}</strong>" in page, row.code
    for label in ScoreLabel.objects.all():
        assert f"<td>{label.label}</td>" in page
    assert "at least <strong>5</strong>" in page and "at least <strong>2</strong>" in page
    assert "in force on the last day" in page  # how designees are counted
    assert "Krippendorff" in page and 'id="rule-agreement"' in page
    # Each column of the tables points at its variable's entry on the same page.
    assert '<a href="#v-assessment-coding-coders"><code>assessment.coding.coders</code></a>' in page
    assert 'id="v-assessment-coding-coders"' in page


def test_a_value_added_in_the_admin_is_listed_once_approved(anonymous_client, db):
    from tests.workflow import edit, factory_researcher, publish

    piracy = ConflictType.objects.create(
        code="maritime-piracy", label="Maritime piracy", definition="At sea."
    )
    label = ScoreLabel.objects.get(scale=Scale.POLICY_OUTCOME, score=5)
    edit(label, by=factory_researcher(), label="Achieved")
    assert "maritime-piracy" not in anonymous_client.get("/codebook/").content.decode()
    publish(piracy, label)

    page = anonymous_client.get("/codebook/").content.decode()

    assert "<code>maritime-piracy</code> <strong>Maritime piracy</strong>: At sea." in page
    assert "<td>Achieved</td>" in page


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/episodes/",
        "/episodes/dprk-ep-8/",
        "/designations/",
        "/assessments/",
        "/statistics/",
        "/downloads/",
        "/compare/",
        "/regimes/KP/",
        "/codebook/",
    ],
)
def test_every_page_links_the_codebook_in_its_navigation(anonymous_client, demo, url):
    page = anonymous_client.get(url).content.decode()
    navigation = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert 'href="/codebook/"' in navigation


def test_the_downloads_are_the_same_codebook(anonymous_client, demo):
    as_json = anonymous_client.get("/downloads/codebook.json")
    as_markdown = anonymous_client.get("/downloads/codebook.md")

    assert as_json["Content-Type"].startswith("application/json")
    assert json.loads(as_json.content) == json.loads(json.dumps(public_codebook.as_dict()))
    assert as_markdown["Content-Type"].startswith("text/markdown")
    assert as_markdown.content.decode() == public_codebook.as_markdown()
    text = as_markdown.content.decode()
    assert "| `coders` | integer | `assessment.coding.coders` |" in text
    assert "## The coding document" in text
    assert anonymous_client.post("/downloads/codebook.json").status_code == 405
    assert 'href="/downloads/codebook.md"' in anonymous_client.get("/downloads/").content.decode()


def test_the_data_package_holds_the_codebook(anonymous_client, demo):
    archive = zipfile.ZipFile(
        io.BytesIO(anonymous_client.get("/downloads/sanctions-atlas.zip").content)
    )
    (top,) = {
        name.split("/", 1)[0] for name in archive.namelist()
    }  # the one folder it unpacks into

    def read(name):
        return archive.read(f"{top}/{name}")

    descriptor = json.loads(read("datapackage.json"))

    assert descriptor["codebook"] == {"json": "codebook.json", "markdown": "codebook.md"}
    packed = json.loads(read("codebook.json"))
    assert packed == json.loads(json.dumps(public_codebook.as_dict()))
    assert read("codebook.md").decode() == public_codebook.as_markdown()
    # Every column of every table in the package is in the codebook, under its variable.
    columns = {
        table["name"]: [column["name"] for column in table["columns"]] for table in packed["tables"]
    }
    for resource in descriptor["resources"]:
        assert [field["name"] for field in resource["schema"]["fields"]] == columns[
            resource["name"]
        ]


def openapi() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def test_the_api_schema_describes_its_fields_in_the_codebook_s_words(db):
    schemas = openapi()["components"]["schemas"]

    assert schemas["Episode"]["properties"]["slug"]["description"] == codebook.description(
        "episode.slug"
    )
    # A nested component, reached through its path in the document.
    objective = schemas["Purpose"]["properties"]["is_primary"]["description"]
    assert objective == codebook.description("episode.purposes[].is_primary")
    assert schemas["Coding"]["properties"]["coders"]["description"] == codebook.description(
        "assessment.coding.coders"
    )
    # A property that refers to a component keeps the reference and gains the words.
    coding = schemas["PublicAssessment"]["properties"]["coding"]
    assert coding["allOf"] == [{"$ref": "#/components/schemas/Coding"}]
    assert coding["description"] == codebook.description("assessment.coding")
    # A component shared by two paths names each.
    score = schemas["Score"]["properties"]["score"]["description"]
    assert codebook.description("assessment.policy_outcome.score") in score
    assert codebook.description("assessment.sanctions_contribution.score") in score
    # Every field of the list rows (and so every CSV column of the API) has the codebook's words.
    for component, kind in codebook_schema.ROWS.items():
        for name, prop in schemas[component]["properties"].items():
            assert prop["description"] == codebook.description(
                codebook_schema.row_path(kind, name)
            ), (component, name)
