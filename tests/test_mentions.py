"""MentionFinder: what counts as naming an actor or a location in a text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.loading.mentions import (
    EntityKind,
    Mention,
    MentionFinder,
    is_case_sensitive,
    name_key,
)

REGISTRY: list[tuple[EntityKind, str, list[str]]] = [
    ("actor", "islamic-state", ["Islamic State", "IS", "ISIS", "Daesh"]),
    ("actor", "syrian-army", ["Syrian Arab Army", "SAA"]),
    ("actor", "sohr", ["Syrian Observatory for Human Rights", "SOHR"]),
    ("actor", "state-department", ["State Department"]),
    ("location", "syria", ["Syria"]),
    ("location", "palmyra", ["Palmyra", "Tadmur", "تدمر"]),
    ("location", "al-tanf", ["al-Tanf"]),
    ("location", "al-qaim", ["al-Qa'im"]),
    ("location", "homs", ["Homs"]),
    ("location", "homs-governorate", ["Homs Governorate"]),
    ("location", "united-states", ["United States", "U.S."]),
]
FINDER = MentionFinder(REGISTRY)


def found(text: str, finder: MentionFinder = FINDER) -> list[tuple[str, str]]:
    """(id, the words as written) of every mention, in order."""
    return [(m.id, text[m.start : m.end]) for m in finder.find(text)]


# --- case -------------------------------------------------------------------------------


def test_the_acronym_is_names_islamic_state_but_the_word_is_does_not() -> None:
    assert found("This is what IS said; Is it?") == [("islamic-state", "IS")]


def test_short_all_capital_aliases_match_their_case_only() -> None:
    assert found("SOHR said so; Sohr and sohr did not.") == [("sohr", "SOHR")]


def test_other_names_match_in_any_case() -> None:
    assert found("ISLAMIC STATE, islamic state, Islamic state") == [
        ("islamic-state", "ISLAMIC STATE"),
        ("islamic-state", "islamic state"),
        ("islamic-state", "Islamic state"),
    ]


@pytest.mark.parametrize(
    ("name", "sensitive"),
    [("IS", True), ("SOHR", True), ("U.S.", True), ("ABCDEF", False), ("Is", False)],
)
def test_which_names_are_acronyms(name: str, sensitive: bool) -> None:
    assert is_case_sensitive(name) is sensitive


def test_a_long_all_capitals_name_matches_in_any_case() -> None:
    finder = MentionFinder([("actor", "nato", ["NATOISH"])])
    assert found("natoish", finder) == [("nato", "natoish")]


# --- word boundaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Palmyran ruins", "Syrians", "ISISes", "_Palmyra", "Palmyra2", "the al-Tanfs"]
)
def test_a_name_inside_a_longer_word_is_not_a_mention(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Palmyra's museum", "Palmyra"),
        ("(Palmyra)", "Palmyra"),
        ("«Palmyra»", "Palmyra"),
        ("Palmyra.", "Palmyra"),
        ("Palmyra’s", "Palmyra"),
    ],
)
def test_punctuation_ends_a_name(text: str, written: str) -> None:
    assert found(text) == [("palmyra", written)]


def test_an_arabic_alias_is_found_between_arabic_words() -> None:
    text = "سيطر التنظيم على تدمر اليوم"
    assert found(text) == [("palmyra", "تدمر")]


def test_an_arabic_alias_with_a_prefix_letter_is_another_word() -> None:
    """وتدمر ("and Palmyra") is one word: boundaries are word boundaries, in Arabic too."""
    assert found("وتدمر") == []


# --- gaps between words -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "al-Tanf",
        "al Tanf",
        "al\nTanf",
        "al  -  Tanf",
        "al\u2010Tanf",  # hyphen
        "al\u2011Tanf",  # non-breaking hyphen
        "al\u2013Tanf",  # en dash
        "AL-TANF",
    ],
)
def test_hyphens_spaces_and_line_breaks_are_interchangeable(text: str) -> None:
    assert found(text) == [("al-tanf", text)]


def test_a_name_broken_over_two_lines_is_found() -> None:
    assert found("the Syrian Arab\nArmy withdrew") == [("syrian-army", "Syrian Arab\nArmy")]


def test_words_run_together_are_not_the_name() -> None:
    assert found("alTanf and SyrianArab Army") == []


@pytest.mark.parametrize("text", ["al-Qa'im", "al Qa'im", "al-Qa’im", "AL-QA'IM"])
def test_a_name_with_an_apostrophe_is_found(text: str) -> None:
    assert found(text) == [("al-qaim", text)]


def test_a_name_with_full_stops_is_found() -> None:
    assert found("the U.S. said") == [("united-states", "U.S")]


def test_punctuation_of_the_name_is_not_optional() -> None:
    assert found("al Qaim and US") == []


# --- choosing between overlapping names -------------------------------------------------


def test_the_longest_name_at_a_position_wins() -> None:
    assert found("Homs Governorate") == [("homs-governorate", "Homs Governorate")]


def test_a_shorter_name_inside_a_longer_one_is_not_a_second_mention() -> None:
    assert found("the Syrian Arab Army in Syria") == [
        ("syrian-army", "Syrian Arab Army"),
        ("syria", "Syria"),
    ]


def test_the_leftmost_name_wins_over_a_longer_one_that_overlaps_it() -> None:
    """'Islamic State' starts first, so 'State Department' (overlapping) is not found."""
    assert found("Islamic State Department") == [("islamic-state", "Islamic State")]


def test_mentions_are_in_text_order_and_never_overlap() -> None:
    text = "Daesh, ISIS and IS: Tadmur, Palmyra, تدمر, Homs Governorate and Homs."
    mentions = FINDER.find(text)
    assert [text[m.start : m.end] for m in mentions] == [
        "Daesh",
        "ISIS",
        "IS",
        "Tadmur",
        "Palmyra",
        "تدمر",
        "Homs Governorate",
        "Homs",
    ]


def test_only_limits_the_search_to_some_entities() -> None:
    text = "Islamic State in Palmyra"
    assert FINDER.find(text, only=frozenset({("location", "palmyra")})) == [
        Mention("location", "palmyra", 17, 24)
    ]


def test_offsets_stay_right_after_characters_that_change_length_in_lower_case() -> None:
    text = "İstanbul: Islamic State, then Homs"
    assert found(text) == [("islamic-state", "Islamic State"), ("homs", "Homs")]


def test_a_name_without_letters_is_ignored() -> None:
    finder = MentionFinder([("actor", "dash", ["—", ""]), ("actor", "x", ["X-ray"])])
    assert found("— X-ray —", finder) == [("x", "X-ray")]


# --- name keys (alias collisions) -------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("al-Tanf", "al Tanf"), ("IS", "is"), ("Daesh", "DAESH"), ("al-Qa'im", "al Qa im")],
)
def test_names_that_match_the_same_text_share_a_key(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


def test_different_names_have_different_keys() -> None:
    assert name_key("Palmyra") != name_key("Palmyran")


# --- the optimised finder agrees with the obvious one -----------------------------------

_GAP = r"[\s\-\u2010\u2011\u2013]+"
_NAME_WORDS = st.text(alphabet="abcSTAİı", min_size=1, max_size=4)
_NAMES = st.lists(_NAME_WORDS, min_size=1, max_size=3).flatmap(
    lambda words: st.sampled_from([" ", "-"]).map(lambda sep: sep.join(words))
)


def _reference(entries: list[tuple[str, str]], text: str) -> list[tuple[int, int, str]]:
    """One plain regex per name over the whole text, then leftmost-longest; a span
    several entities name is a mention of each."""
    spans: list[tuple[int, int, str]] = []
    for entity_id, name in entries:
        words = re.findall(r"\w+", name)
        flags = 0 if is_case_sensitive(name) else re.IGNORECASE
        pattern = re.compile(rf"(?<!\w){_GAP.join(map(re.escape, words))}(?!\w)", flags)
        spans.extend((m.start(), m.end(), entity_id) for m in pattern.finditer(text))
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    chosen: list[tuple[int, int, str]] = []
    reach = -1
    for start, end, entity_id in spans:
        if start >= reach:
            chosen.append((start, end, entity_id))
            reach = end
        elif (start, end) == chosen[-1][:2] and (start, end, entity_id) not in chosen:
            chosen.append((start, end, entity_id))
    return chosen


@given(
    names=st.lists(_NAMES, min_size=1, max_size=5),
    pieces=st.lists(
        st.one_of(_NAMES, st.text(alphabet="abcSTAİıſ _-\n.é", max_size=6)), max_size=12
    ),
)
def test_finder_agrees_with_a_plain_regex_per_name(names: list[str], pieces: list[str]) -> None:
    text = "".join(pieces)
    entries = [(f"e{i}", name) for i, name in enumerate(names)]
    finder = MentionFinder([("actor", entity_id, [name]) for entity_id, name in entries])
    got = [(m.start, m.end, m.id) for m in finder.find(text)]
    expected = _reference(entries, text)
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize("actor_first", [True, False])
def test_a_name_several_entities_share_is_a_mention_of_each_actor_first(actor_first: bool) -> None:
    entries: list[tuple[EntityKind, str, list[str]]] = [
        ("actor", "hama-brigade", ["Hama"]),
        ("location", "hama", ["Hama"]),
        ("location", "hama-city", ["Hama"]),
    ]
    finder = MentionFinder(entries if actor_first else entries[::-1])
    assert finder.find("Fighting in Hama went on.") == [
        Mention("actor", "hama-brigade", 12, 16),
        Mention("location", "hama", 12, 16),
        Mention("location", "hama-city", 12, 16),
    ]
    only_places: frozenset[tuple[EntityKind, str]] = frozenset({("location", "hama-city")})
    assert finder.find("Hama", only=only_places) == [Mention("location", "hama-city", 0, 4)]
