"""Field-level diffs of public documents: children matched by key, long texts word by word."""

from editorial.diffs import diff, public_summary, word_diff

EPISODE = {
    "narrative": "The Council adopted a resolution.",
    "measures": [{"id": 1, "title": "Coal ban", "application": "mandatory"}],
    "purposes": [{"purpose": "coerce", "label": "Coerce", "objective": "Stop tests."}],
}


def labels(changes):
    return [(c.label, c.kind) for c in changes]


def test_an_added_child_is_one_change():
    new = {**EPISODE, "measures": [*EPISODE["measures"], {"id": 2, "title": "Arms embargo"}]}
    assert labels(diff(EPISODE, new)) == [("Measures › Arms embargo", "added")]


def test_a_removed_alias_is_one_change():
    old = {"aliases": [{"id": 7, "name": "Kim Il"}, {"id": 8, "name": "Kim Two"}]}
    new = {"aliases": [{"id": 7, "name": "Kim Il"}]}
    assert labels(diff(old, new)) == [("Aliases › Kim Two", "removed")]


def test_a_changed_score_names_the_field_and_both_values():
    old = {"policy_outcome": {"score": 2, "label": "No progress", "narrative": "x"}}
    new = {"policy_outcome": {"score": 4, "label": "Modest progress", "narrative": "x"}}
    [change] = diff(old, new)
    assert (change.label, change.old, change.new) == ("Policy outcome › Score", 2, 4)


def test_a_relabelled_lookup_value_is_still_a_change():
    old = {"measures": [{"id": 1, "subtype": "coal", "subtype_label": "Coal"}]}
    new = {"measures": [{"id": 1, "subtype": "coal", "subtype_label": "Coal and coke"}]}
    assert labels(diff(old, new)) == [("Measures › 1 › Subtype label", "changed")]


def test_long_texts_get_a_word_level_diff_with_escaping():
    old = "The Panel reported <b>no</b> transfers in the first months of the year at all."
    new = "The Panel reported many transfers in the first months of the year at all."
    [change] = diff({"narrative": old}, {"narrative": new})
    assert change.is_long_text
    html = str(change.word_diff)
    assert "<del>&lt;b&gt;no&lt;/b&gt;</del><ins>many</ins>" in html


def test_word_diff_keeps_unchanged_text():
    assert str(word_diff("a b c", "a x c")) == "a <del>b</del><ins>x</ins> c"


def test_public_summary_reads_as_a_sentence():
    new = {**EPISODE, "narrative": "Changed.", "measures": []}
    assert public_summary(EPISODE, new) == "Narrative revised; Measures: 1 removed."
    assert public_summary(None, EPISODE) == "First publication."
    assert public_summary(EPISODE, None) == "Withdrawn from public view."
    assert public_summary(EPISODE, EPISODE) == "Republished without changes."


def test_a_long_unchanged_stretch_is_shortened_around_the_change():
    words = " ".join(f"w{i}" for i in range(200))
    html = str(word_diff(words + " end", words + " finish"))
    assert "[…]" in html
    assert "<del>end</del><ins>finish</ins>" in html
    assert "w199" in html and "w50 " not in html


def test_an_added_child_lists_its_filled_fields():
    [change] = diff(
        {"measures": []},
        {"measures": [{"id": 3, "title": "Coal ban", "application": "mandatory", "note": ""}]},
    )
    assert change.new_fields == [("Title", "Coal ban"), ("Application", "mandatory")]
