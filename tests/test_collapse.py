"""summarize.collapse: near-duplicate sentences across sources become one group, credited honestly."""

from __future__ import annotations

from summarize.collapse import collapse
from summarize.models import Sentence

BASE = "The harbour council voted on Monday to build a new ferry terminal on the east quay of the town."
ONE_WORD = "The harbour council voted on Tuesday to build a new ferry terminal on the east quay of the town."
CLAUSE = (
    "The harbour council voted on Monday to build a new ferry terminal on the east quay of the town, "
    "despite strong protests from fishermen and shop owners who fear years of disruption."
)
UNRELATED = "Heavy rain flooded several streets in the northern suburbs overnight, police said."


def S(text: str, source: int, index: int = 0, paragraph: int = 0) -> Sentence:
    return Sentence(text=text, source_id=source, paragraph=paragraph, index=index)


def group_of(groups, text):
    (group,) = [g for g in groups if any(m.text == text for m in g.members)]
    return group


def test_verbatim_copies_in_three_sources_are_one_group_credited_to_all():
    groups = collapse([S(BASE, 1), S(BASE, 2, 4), S(BASE, 3, 1)])
    assert len(groups) == 1
    (group,) = groups
    assert group.representative.text == BASE
    assert group.credited == (1, 2, 3)
    assert group.support == 3
    assert sorted(m.source_id for m in group.members) == [1, 2, 3]


def test_copies_differing_only_in_spacing_and_punctuation_are_one_group():
    other = "The harbour council  voted on Monday, to build a new ferry terminal on the east quay of the town!"
    groups = collapse([S(BASE, 1), S(other, 2, 3)])
    assert len(groups) == 1
    assert groups[0].credited == (1, 2)
    assert groups[0].first_position == 0


def test_one_word_changed_is_collapsed():
    groups = collapse([S(BASE, 1), S(ONE_WORD, 2)])
    assert len(groups) == 1
    assert groups[0].credited == (1, 2)
    assert groups[0].representative.text in (BASE, ONE_WORD)


def test_clause_added_is_collapsed():
    groups = collapse([S(BASE, 1), S(CLAUSE, 2)])
    assert len(groups) == 1
    assert {m.source_id for m in groups[0].members} == {1, 2}


def test_shorter_part_does_not_earn_credit_for_the_longer_representative():
    groups = collapse([S(BASE, 1), S(CLAUSE, 2)])
    (group,) = groups
    assert group.representative.text == CLAUSE  # the fuller sentence stands for the group
    # Source 1 holds only the first half: it does not carry the protests, so it is not credited.
    assert group.credited == (2,)
    assert group.support == 1


def test_longer_sentence_earns_credit_for_a_shorter_representative():
    # Two outlets carry the short version word for word, one adds a clause: the short one
    # represents the group, and the longer sentence holds all its words, so all three are credited.
    groups = collapse([S(BASE, 1), S(BASE, 2), S(CLAUSE, 3)])
    (group,) = groups
    assert group.representative.text == BASE
    assert group.credited == (1, 2, 3)


def test_credit_needs_the_representatives_words_not_just_a_shared_phrase():
    groups = collapse([S(CLAUSE, 1), S(BASE, 2), S(CLAUSE, 3)])
    (group,) = groups
    assert group.representative.text == CLAUSE
    assert group.credited == (1, 3)


def test_unrelated_sentences_are_not_merged():
    groups = collapse([S(BASE, 1), S(UNRELATED, 2)])
    assert len(groups) == 2
    assert [g.credited for g in groups] == [(1,), (2,)]


def test_sentences_sharing_a_stock_phrase_are_not_merged():
    a = "The county council said on Monday that the old bridge would reopen to traffic in May."
    b = "The county council said on Monday that the primary school would close for repairs in June."
    c = "Police said on Monday that two men had been arrested after the robbery in the high street."
    groups = collapse([S(a, 1), S(b, 2), S(c, 3)])
    assert len(groups) == 3


def test_sentences_of_one_source_that_repeat_are_credited_once():
    groups = collapse([S(BASE, 1, 0), S(UNRELATED, 1, 1), S(BASE, 1, 2)])
    group = group_of(groups, BASE)
    assert group.credited == (1,)
    assert len(group.members) == 2


def test_every_sentence_lands_in_exactly_one_group():
    sentences = [S(BASE, 1, 0), S(UNRELATED, 1, 1), S(ONE_WORD, 2, 0), S(CLAUSE, 3, 0), S(UNRELATED, 3, 1)]
    groups = collapse(sentences)
    members = [m for g in groups for m in g.members]
    assert sorted(members, key=lambda m: (m.source_id, m.index)) == sorted(
        sentences, key=lambda m: (m.source_id, m.index)
    )


def test_groups_come_in_order_of_first_appearance():
    sentences = [S(UNRELATED, 1, 0), S(BASE, 1, 1), S(BASE, 2, 0)]
    groups = collapse(sentences)
    assert [g.representative.text for g in groups] == [UNRELATED, BASE]


def test_representative_is_a_member_and_credited_sources_hold_members():
    sentences = [S(BASE, 1), S(ONE_WORD, 2), S(CLAUSE, 3), S(UNRELATED, 4)]
    for group in collapse(sentences):
        assert group.representative in group.members
        assert group.representative.source_id in group.credited
        assert set(group.credited) <= {m.source_id for m in group.members}
        assert list(group.credited) == sorted(set(group.credited))


def test_empty_input_gives_no_groups():
    assert collapse([]) == []


def test_well_formed_sentence_is_preferred_as_representative():
    fragment = "harbour council voted on Monday to build a new ferry terminal on the east quay of the town"
    groups = collapse([S(fragment, 1), S(BASE, 2)])
    (group,) = groups
    assert group.representative.text == BASE


def test_a_sentence_without_copies_is_a_group_of_itself_among_groups_of_many():
    """Singletons (most of 500,000 one-line records) take a shorter way: the same groups, in the
    same order, as the groups of copies around them."""
    sentences = [S(UNRELATED, 1, 0), S(BASE, 2, 0), S("A quiet day at the port.", 3, 0), S(BASE, 4, 0)]
    sentences += [S(ONE_WORD, 5, 0), S(BASE, 5, 1), S("Ferries ran late all week.", 6, 0)]
    groups = collapse(sentences)
    assert [(g.representative, g.members, g.credited) for g in groups] == [
        (sentences[0], (sentences[0],), (1,)),
        (sentences[1], (sentences[1], sentences[3], sentences[4], sentences[5]), (2, 4, 5)),
        (sentences[2], (sentences[2],), (3,)),
        (sentences[6], (sentences[6],), (6,)),
    ]
