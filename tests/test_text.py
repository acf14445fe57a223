"""summarize.text: offline sentence splitting, word tokens, stems and stop words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.text import content_stems, split_sentences, stem, stop_words, words

# --- sentence splitting -------------------------------------------------------------------


def test_plain_sentences_split_at_each_full_stop():
    text = "The river rose overnight. Roads were closed by morning. Schools stayed shut."
    assert split_sentences(text) == [
        "The river rose overnight.",
        "Roads were closed by morning.",
        "Schools stayed shut.",
    ]


def test_question_and_exclamation_marks_end_sentences():
    assert split_sentences("Is the bridge safe? Engineers say yes! Traffic resumes today.") == [
        "Is the bridge safe?",
        "Engineers say yes!",
        "Traffic resumes today.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = '"We will rebuild," she said. "It will take a year." The crowd cheered.'
    assert split_sentences(text) == [
        '"We will rebuild," she said.',
        '"It will take a year."',
        "The crowd cheered.",
    ]


def test_dotted_country_abbreviation_does_not_split():
    text = "The U.S. economy grew by 3 percent last year. Officials in the U.K. were surprised."
    assert split_sentences(text) == [
        "The U.S. economy grew by 3 percent last year.",
        "Officials in the U.K. were surprised.",
    ]


def test_us_before_a_capitalised_word_does_not_split():
    text = "Officials in the U.S. Senate met on Monday. They voted to delay the bill."
    assert split_sentences(text) == [
        "Officials in the U.S. Senate met on Monday.",
        "They voted to delay the bill.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith said the figure was strong.",
        "The minister met Mrs. Lee and Dr. Jones at St. Mary hospital.",
        "Gen. Harlow and Sen. Brown flew to Washington, D.C. on Friday.",
        "Shares of Acme Inc. rose sharply.",
        "The hearing was moved to Jan. 5 at the request of the defence.",
    ],
)
def test_title_and_company_abbreviations_do_not_split(text):
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        # A state or place name before the title is the usual US news style.
        "Texas Gov. George W. Bush won the race easily.",
        "Kansas Sen. Bob Dole spoke to reporters on Monday.",
        # A capitalised word before "Mr." (a day, a sentence-initial adverb) is not a name it ends.
        "On Tuesday Mr. Smith said the figure was strong.",
        "Then Mr. Brown arrived at the meeting.",
    ],
)
def test_title_abbreviation_after_a_capitalised_word_does_not_split(text):
    assert split_sentences(text) == [text]


def test_title_at_the_end_of_a_name_does_end_the_sentence():
    # "Hun Sen." ends a sentence: the title-shaped word is the end of a name here.
    assert split_sentences("The talks were led by Prime Minister Hun Sen. He said no more.") == [
        "The talks were led by Prime Minister Hun Sen.",
        "He said no more.",
    ]


def test_time_of_day_abbreviations_do_not_split():
    text = "The first power reached the grid at 6:40 a.m. on Tuesday, and the ceremony ended at 5 p.m. sharp."
    assert split_sentences(text) == [text]


def test_time_of_day_at_the_end_of_a_sentence_then_a_new_sentence():
    text = "The polls closed at 8 p.m. on Sunday. Counting began at once."
    assert split_sentences(text) == ["The polls closed at 8 p.m. on Sunday.", "Counting began at once."]


@pytest.mark.parametrize(
    "text",
    [
        "John F. Kennedy was born in 1917.",
        "The novel by J. R. R. Tolkien sold well.",
        "Ms. A. B. Cole spoke first.",
    ],
)
def test_initials_do_not_split(text):
    assert split_sentences(text) == [text]


def test_decimal_numbers_do_not_split():
    assert split_sentences("Prices rose 3.5 percent. Wages rose 2.1 percent.") == [
        "Prices rose 3.5 percent.",
        "Wages rose 2.1 percent.",
    ]


def test_sentence_may_start_with_a_digit_or_quote():
    assert split_sentences('Sales reached 5 million. 12 people were hired. "Good," he said.') == [
        "Sales reached 5 million.",
        "12 people were hired.",
        '"Good," he said.',
    ]


def test_lower_case_after_a_full_stop_does_not_start_a_sentence():
    assert split_sentences("The firm, Acme Inc. of Ohio, said so. Others agreed.") == [
        "The firm, Acme Inc. of Ohio, said so.",
        "Others agreed.",
    ]


def test_white_space_inside_a_paragraph_is_normalised():
    assert split_sentences("The river   rose\novernight.\tRoads were\n closed.") == [
        "The river rose overnight.",
        "Roads were closed.",
    ]


def test_empty_and_blank_paragraphs_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("   \n\t ") == []


def test_text_without_final_punctuation_is_one_sentence():
    assert split_sentences("A headline with no full stop") == ["A headline with no full stop"]


_piece = st.sampled_from(
    [
        "The U.S. team won.",
        "Mr. Smith left at 9 a.m. today.",
        "Why?",
        "Prices rose 3.5 percent!",
        '"Fine," she said.',
        "John F. Kennedy spoke.",
        "it rained",
        "12 boats sank.",
        "  ",
        "\n",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_piece, max_size=8))
def test_splitting_loses_and_adds_no_text(pieces):
    paragraph = " ".join(pieces)
    sentences = split_sentences(paragraph)
    assert " ".join(sentences) == " ".join(paragraph.split())
    assert all(s == s.strip() and s for s in sentences)


# --- words, stems, stop words ---------------------------------------------------------------


def test_words_are_lower_case_letters_and_digits():
    assert words("The River ROSE 3 metres!") == ["the", "river", "rose", "3", "metres"]


def test_words_keep_inner_apostrophes_and_dots_and_split_hyphens():
    assert words("Don't stop the U.S. economy's 3.5 growth-rate") == [
        "don't",
        "stop",
        "the",
        "u.s",
        "economy's",
        "3.5",
        "growth",
        "rate",
    ]


def test_words_normalise_curly_apostrophes():
    assert words("China’s censors") == ["china's", "censors"]


def test_words_of_punctuation_only_is_empty():
    assert words("-- | ... !!") == []


@pytest.mark.parametrize(
    "word, expected",
    [
        ("running", "run"),
        ("cities", "citi"),
        ("connected", "connect"),
        ("connection", "connect"),
        ("generously", "generous"),
    ],
)
def test_stem_is_the_snowball_english_stem(word, expected):
    assert stem(word) == expected


def test_stem_is_stable_across_calls():
    assert stem("elections") == stem("elections") == stem("election")


def test_stop_words_are_a_lower_case_set_with_the_usual_words():
    stops = stop_words()
    assert isinstance(stops, frozenset)
    assert {"the", "and", "of", "a", "is"} <= stops
    assert all(w == w.lower() and w == w.strip() for w in stops)
    assert "government" not in stops and "bridge" not in stops


def test_content_stems_drop_stop_words_and_numbers():
    assert content_stems("The running cities of 2024 were the best") == ("run", "citi")


def test_content_stems_of_only_stop_words_is_empty():
    assert content_stems("and of the it was") == ()


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Совет одобрил план. Работы начнутся весной.", ["Совет одобрил план.", "Работы начнутся весной."]),
        ("وافق المجلس على الخطة. وستبدأ الأعمال في الربيع.", ["وافق المجلس على الخطة.", "وستبدأ الأعمال في الربيع."]),
        ("The mayor spoke. Émile Zola was quoted.", ["The mayor spoke.", "Émile Zola was quoted."]),
        ("He cited e.g. the bridge.", ["He cited e.g. the bridge."]),
    ],
)
def test_sentence_starts_in_any_alphabet(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_a_megabyte_paragraph_full_of_titles_splits_in_linear_time():
    import time

    paragraph = " ".join(f"Sen. Bob Dole spoke to the {n} voters in the hall. He left." for n in range(20000))
    start = time.perf_counter()
    sentences = split_sentences(paragraph)
    assert time.perf_counter() - start < 5  # quadratic look-arounds took minutes on this
    assert len(sentences) == 40000 and sentences[0] == "Sen. Bob Dole spoke to the 0 voters in the hall."


@given(st.text(alphabet=st.sampled_from("ab cd The the of 42 U.S. don’t ,.!"), max_size=80))
@settings(max_examples=200, deadline=None)
def test_sentence_stems_remember_exactly_the_content_stems(text):
    """Collapsing reads sentences through `sentence_stems`; what it leaves remembered must be
    what `content_stems` would have found itself."""
    from summarize import text as text_module

    text_module._remembered.pop((text, "english"), None)
    everything = text_module.sentence_stems(text, "english")
    assert everything == [stem(w) for w in words(text)]
    remembered = text_module._remembered[(text, "english")]
    assert remembered == text_module._content_stems(text, "english") == content_stems(text)


def test_sentence_stems_take_words_already_read():
    from summarize.text import sentence_stems

    text = "Rebels seized the airport, officials said."
    assert sentence_stems(text, "english", words(text)) == sentence_stems(text)


def test_remembered_content_stems_are_bounded(monkeypatch):
    from summarize import text as text_module

    monkeypatch.setattr(text_module, "REMEMBERED", 5)
    monkeypatch.setattr(text_module, "_remembered", type(text_module._remembered)())
    for i in range(20):
        assert content_stems(f"sentence number {i} about rebels") == ("sentenc", "number", "rebel")
    assert len(text_module._remembered) == 5
    assert ("sentence number 19 about rebels", "english") in text_module._remembered


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [("One sentence of a record.", ["One sentence of a record."]), ("No mark at all", ["No mark at all"]),
     ("What now?", ["What now?"]), ("  spaced   out.  ", ["spaced out."]), ("x", ["x"]), ("", []),
     ("Ends on a quote.\u201d", ["Ends on a quote.\u201d"]), ("Two. Sentences.", ["Two.", "Sentences."]),
     ("Wait! Then go", ["Wait!", "Then go"]), ("Mr. Smith left.", ["Mr. Smith left."])],
)  # fmt: skip
def test_a_paragraph_with_no_mark_before_its_end_is_one_sentence(paragraph, expected):
    """A one-line record has no mark but its last: it is one sentence, found without the search
    for boundaries; a mark anywhere before the end still goes through that search."""
    assert split_sentences(paragraph) == expected
