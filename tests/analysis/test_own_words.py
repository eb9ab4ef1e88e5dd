"""A person's own words: suggestions that are honest (or none), and the meanings a `--map` may name."""

from __future__ import annotations

import pytest

from independence.analysis.own_words import parsed_mapping, signal_of, suggestion
from independence.errors import ConfigError

KNOWN = {
    "walk": "self_care", "friends": "social_other", "with friends": "social_other", "family": "social_other",
    "reading": "own_activity", "partner": "with_partner", "me time": "alone", "music": "own_activity",
    "social": "social_other", "alone": "alone", "date": "with_partner", "my husband": "partner_mention",
}  # fmt: skip


@pytest.mark.parametrize(
    ("tag", "group", "expected"),
    [
        ("Tania-time", "activity", "with_partner"),  # a name with "time"
        ("Sasha time", "", "with_partner"),
        ("With Charlotte", "factors", "with_partner"),
        ("Zeit mit Jonas", "", None),  # three words: no pattern to lean on
        ("screen time", "", None),  # not a name: written in lower case
        ("Me Time", "", None),  # "me" is no one else
        ("Family Time", "", "social_other"),  # a known word, not a name; it holds "family"
        ("Dog walk", "activity", "self_care"),
        ("Dinner with friends", "", "social_other"),
        ("spiritual music", "", "own_activity"),
        ("Coworkers", "People", "social_other"),  # How We Feel's people group
        ("No social contact", "factors", None),  # says the opposite
        ("Little social contact", "factors", None),
        ("Always good conversations with my dad and friends", "gratitudes", None),  # a sentence, not a tag
        ("walk friends", "", None),  # two meanings in one tag: no guess
        ("work", "activity", None),
        ("my husband", "", None),  # context words are not a meaning to choose
    ],
)
def test_a_suggestion_is_made_only_where_it_can_be_made_honestly(tag, group, expected):
    key = " ".join(tag.lower().replace("-", " ").split())
    suggested, why = suggestion(tag, key, group, KNOWN)
    assert suggested == expected
    assert (why is None) == (expected is None)


def test_the_reason_names_what_the_suggestion_rests_on():
    assert suggestion("Dog walk", "dog walk", "", KNOWN)[1] == "it contains ‘walk’, which can mean ‘self-care’"
    assert "names someone" in suggestion("Tania-time", "tania time", "", KNOWN)[1]
    assert "group ‘People’" in suggestion("Coworkers", "coworkers", "People", KNOWN)[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tania-time=with_partner", ("Tania-time", "with_partner")),
        ("a = b=time with my partner", ("a = b", "with_partner")),  # the last '=' separates
        ("work=none", ("work", None)),
        ("work = Nothing of these", ("work", None)),
        ("gym=SOMETHING OF MY OWN", ("gym", "own_activity")),
        ("Tania=partner_mention", ("Tania", "partner_mention")),
    ],
)
def test_a_mapping_names_a_tag_and_a_meaning_by_key_or_plain_words(text, expected):
    assert parsed_mapping(text) == expected


@pytest.mark.parametrize(("text", "problem"), [("gym", "write TAG=MEANING"), ("=alone", "write TAG=MEANING"),
                                               ("gym=hobby", "'hobby' is not a meaning")])  # fmt: skip
def test_a_mapping_without_a_tag_or_with_an_unknown_meaning_is_refused(text, problem):
    with pytest.raises(ConfigError, match=problem):
        parsed_mapping(text)
    with pytest.raises(ConfigError):
        signal_of("hobby")
