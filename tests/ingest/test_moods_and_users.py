"""Mood maps and user ids: malformed configuration and unsafe ids are refused with a reason."""

from __future__ import annotations

import pytest

from independence.errors import ConfigError, UserIdError
from independence.ingest.moods import DEFAULT_MOOD_LEVELS, mood_levels
from independence.warehouse.users import validated_user_id


def test_defaults_are_rad_to_awful():
    assert mood_levels() == {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}


def test_a_mapping_file_adds_and_overrides_labels_case_insensitively(tmp_path):
    path = tmp_path / "moods.toml"
    path.write_text('"Vaguely OK " = 3\n"good" = 4.5\n')
    levels = mood_levels(path)
    assert levels["vaguely ok"] == 3 and levels["good"] == 4.5 and levels["rad"] == DEFAULT_MOOD_LEVELS["rad"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"meh" = 7', "from 1 to 5"),
        ('"meh" = "three"', "from 1 to 5"),
        ('"meh" = true', "from 1 to 5"),
        ("[moods]\nmeh = 3", "from 1 to 5"),
        ('"meh" = ', "not a valid TOML"),
        ('" " = 3', "empty mood label"),
    ],
)
def test_malformed_mapping_files_name_the_file_and_problem(tmp_path, text, problem):
    path = tmp_path / "moods.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=problem) as raised:
        mood_levels(path)
    assert str(path) in str(raised.value)


def test_a_missing_mapping_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        mood_levels(tmp_path / "nope.toml")


@pytest.mark.parametrize("user_id", ["ana", "client-07", "a.b_c", "x" * 64])
def test_valid_user_ids_pass_unchanged(user_id):
    assert validated_user_id(user_id) == user_id


@pytest.mark.parametrize("user_id", ["../etc", "a/b", "", "x" * 65, "..", "ana lee", "ana\n", "émile", "a;rm"])
def test_unsafe_user_ids_are_refused(user_id):
    with pytest.raises(UserIdError, match="invalid user id"):
        validated_user_id(user_id)
