"""summarize.clean: web junk removed line by line, running text left alone, a title found."""

from __future__ import annotations

import pytest

from summarize.clean import clean, clean_lines
from summarize.models import Source
from summarize.sources.markdown import to_plain
from summarize.text import split_sentences

BODY = [
    "The city council approved a new budget for the coming year on Tuesday evening.",
    "The plan raises spending on schools and roads by about four percent.",
    "Several residents spoke against the proposal during a long public hearing.",
    "The mayor said the increase was needed to repair ageing bridges across the river.",
]
TITLE = "Council passes city budget after a long debate"


def article(*, head: str = "", middle: str = "", tail: str = "", title: str = TITLE) -> str:
    """A small article: optional title, lines before the body, lines after the second paragraph, a tail."""
    parts = [title] if title else []
    if head:
        parts.append(head)
    parts += BODY[:2]
    if middle:
        parts.append(middle)
    parts += BODY[2:]
    if tail:
        parts.append(tail)
    return "\n\n".join(parts) + "\n"


def body_of(text: str) -> list[str]:
    return clean_lines(text)[1]


def assert_only_body(text: str, *junk: str) -> None:
    title, body = clean_lines(text)
    assert body == BODY
    cleaned = "\n".join(body) + "\n" + title
    for piece in junk:
        assert piece not in cleaned, f"junk {piece!r} survived cleaning"


# --- junk kinds ------------------------------------------------------------------------------


def test_navigation_words_are_removed():
    text = "Home | News | Sport | Business | Weather\n简体中文\nChinese | BIG5 | Deutsch\n\n" + article()
    assert_only_body(text, "Home", "Sport", "简体中文", "Deutsch")
    title, _ = clean_lines(text)
    assert title == TITLE


@pytest.mark.parametrize("label", ["IT & Telecom", "World news", "Business"])
def test_section_label_before_a_headline_does_not_glue_the_headline_to_the_body(label):
    # A short section label above a sentence-case headline: the headline is still the title and
    # the first sentence still starts the body.
    title, body = clean_lines(f"{label}\n" + article())
    assert title == TITLE
    assert body[0] == BODY[0]


def test_like_us_on_facebook_is_removed():
    text = article(middle="Like Us on Facebook")
    assert_only_body(text, "Facebook")


@pytest.mark.parametrize(
    "line",
    [
        "Share  Print   E-mail",
        "Share this article",
        "Share to",
        "Print",
        "E-mail this story",
        "Tweet",
        "Follow us on Twitter",
    ],
)
def test_share_print_email_lines_are_removed(line):
    assert_only_body(article(head=line, tail=line), line.split()[0])


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe | March 3, 2026",
        "Alma Fischer | | June 2, 2025 09:10 AM EDT |",
        "Posted On 2025/06/02 By In News, Transport With 312 Views",
        "Last Updated: 2025-06-02 08:45 | Valley Wire",
        "By Marcus Hale",
    ],
)
def test_bylines_are_removed(line):
    title, body = clean_lines(f"{TITLE}\n{line}\n\n" + "\n\n".join(BODY))
    assert body == BODY
    assert title == TITLE


@pytest.mark.parametrize(
    "dateline",
    [
        "SPRINGFIELD, Ill. (AP) -- ",
        "BEIJING (Reuters) - ",
        "PORT WRENLEY, March 3 (Coastline Wire) - ",
        "WASHINGTON (AP) _ ",
    ],
)
def test_dateline_is_stripped_from_the_first_sentence(dateline):
    title, body = clean_lines(f"{TITLE}\n\n{dateline}" + "\n\n".join(BODY))
    assert body == BODY
    assert "(" not in body[0] and body[0].startswith("The city council")


def test_dateline_like_text_later_in_the_article_is_left_alone():
    later = "LONDON (Reuters) - Markets in Europe were calm after the budget vote, traders said."
    body = body_of(article(tail=later))
    assert body[-1] == later


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2025 Glenmouth Courier. All rights reserved.",
        "©2019 Valley Wire All rights reserved. Do not reproduce without permission",
        "© 2021 Coastal Press",
        "Copyright 2001-2025 Harbour Network. All right reserved",
        "This page is subject to copyright. Apart from fair use for private study or review, "
        "nothing on it may be copied without the written permission of the publisher.",
    ],
)
def test_copyright_lines_are_removed(line):
    assert_only_body(article(tail=line), "Copyright", "©", "reserved", "copyright")


@pytest.mark.parametrize(
    "line",
    [
        "Tags: budget, council, Springfield",
        "TagsCrackdown, budget, council, Springfield, Blog",
        "Tags : ,",
        "Filed under: Politics",
    ],
)
def test_tag_lists_are_removed(line):
    assert_only_body(article(tail=line), "Tags", "Filed under")


def test_related_stories_footer_and_its_headlines_are_removed():
    tail = (
        "Related stories\n"
        "The county library will extend its weekend opening hours from April.\n"
        "A new ferry timetable for the island route takes effect next Monday.\n"
        "Volunteers planted 3,000 trees along the river path over the weekend."
    )
    assert_only_body(article(tail=tail), "Related", "library", "ferry", "trees")


def test_editors_picks_footer_with_unrelated_headlines_is_removed():
    tail = (
        "EDITOR'S PICKS\n-\n"
        "Did the president just announce plans for a trade war with two rivals?\n-\n"
        "Senate passes travel bill slammed by critics\n-\n"
        "Island Finance Minister Gives Bitcoin a Cautious Welcome Despite Bans\n"
        "MOST POPULAR\nLATEST NEWS\n"
        "Former security chief sentenced to life in prison after a long trial\n"
        "The former chief has been given a life sentence after he was found guilty of bribery ... Full Article\n"
        "TRENDING STORY\n-\n"
        "Fans Fear the Cliffhangers Won't Be Resolved When Grey's Anatomy Comes Back\n-\n"
        "Court Rules in Long Samsung Patent Fight With a Rival Phone Maker"
    )
    assert_only_body(article(tail=tail), "EDITOR", "trade war", "Bitcoin", "Grey's", "Samsung", "life sentence")


@pytest.mark.parametrize(
    "caption",
    [
        "Photo: Ferries wait at the old pier in Glenmouth. (File photo)",
        "People are seen at a council meeting in Springfield, on November 2, 2024",
        "An employee is seen using a computer at the city hall office in Springfield, on April 16, 2024",
        "Councillors are pictured outside the town hall on Tuesday (Reuters)",
    ],
)
def test_image_captions_are_removed(caption):
    assert_only_body(article(middle=caption), caption[:20])


@pytest.mark.parametrize(
    "bio",
    [
        "Maria Lopez covers city hall for the Daily Ledger and has written about local politics since 2015.",
        "Priya Nandakumar covers marine energy for Green Grid Review and previously worked as a coastal engineer.",
        "About\n\nStefan\n\nStefan (from Graz) has lived in Ohio for a decade and studied its small towns. "
        "He writes on tourism and marketing.",
        "About the author\n\nTom Avery is a reporter who has spent twenty years writing about local government.",
    ],
)
def test_author_bio_at_the_end_is_removed(bio):
    assert_only_body(article(tail=bio), "covers", "Stefan", "About", "Tom Avery")


@pytest.mark.parametrize("where", ["head", "middle"])
@pytest.mark.parametrize(
    "bio",
    [
        "Nancy Atkins is Harbour Today's senior editor.\n\nShe also hosts the Lunar Science podcast.",
        "Matt Demers Matt Demers is a Toronto writer who deals mostly in phones and comics.",
        "Ingrid Lunden is a reporter for TechWire, based out of London.\n\nHer latest book is Tides.",
        "Tom Avery covers local government for the Shore Times.",
    ],
)
def test_an_author_bio_opening_with_a_role_is_removed_wherever_it_stands(bio, where):
    assert_only_body(article(**{where: bio}), "Atkins", "podcast", "Demers", "Lunden", "Tides", "Avery")


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan is the largest financial contributor to the fund, officials said on Monday.",
        "But Rushdie is likely the only writer who will draw as big a crowd this weekend.",
        "Council member Ruth Hale is a former teacher who has lived in the city for forty years.",
    ],
)
def test_a_sentence_about_a_role_that_is_no_author_bio_stays(sentence):
    assert sentence in body_of(article(middle=sentence))


def test_a_long_last_paragraph_that_opens_like_a_bio_is_the_article():
    """A post whose one paragraph of text is a reader's submission ("Name writes ...") kept it."""
    body = (
        'Esther Moreau writes "Say that you are leaving a job, either of your own will or because the '
        "company decided it was time for you to go. Before you leave, the personnel office wants to "
        "talk with you about working there, in an exit interview. You think you can finally say what "
        "you feel. Do not do it. If your employer never asked while you worked there, why be honest "
        'now, when it can only cost you a good reference later in your career?"'
    )
    text = "Being honest in exit interviews\nPosted by an editor on Monday\nfrom the careers desk.\n" + body
    assert "exit interview" in "\n".join(clean_lines(text)[1])


def test_rating_widget_is_removed():
    tail = (
        "Readers' Rating\n\nHow did you like this story? Would you read more stories like it?\n"
        "Give us your opinion: your rating helps us choose what to cover next.\n"
        "User Rating: 4.2 ( 7 votes)\n0"
    )
    assert_only_body(article(tail=tail), "Rating", "rating", "opinion")


def test_comment_form_is_removed():
    tail = "Leave a Reply\n\nYour email address will not be published. Required fields are marked *"
    assert_only_body(article(tail=tail), "Reply", "email address", "Required")


def test_citation_footer_is_removed():
    tail = "Citation: Council passes city budget (2025, May 28) retrieved 3 May 2026 from https://example.org/news/budget.html"
    assert_only_body(article(tail=tail), "Citation", "retrieved", "https")


def test_advertisement_and_back_to_top_are_removed():
    assert_only_body(article(head="Advertisement", middle="Advertisement", tail="BACK TO TOP"), "Advertisement", "BACK")


def test_a_paragraph_repeated_twice_is_kept_once():
    text = "\n\n".join([TITLE, BODY[0], BODY[1], BODY[1], BODY[2], BODY[3]])
    assert body_of(text) == BODY


def test_a_sentence_broken_across_lines_is_joined():
    broken = "The city council approved a new budget for the coming\nyear on Tuesday evening."
    text = "\n\n".join([TITLE, broken, *BODY[1:]])
    assert body_of(text) == BODY


def test_a_sentence_broken_across_blank_lines_is_joined():
    broken = (
        "The month-long campaign follows a similar clampdown last year on Sina\n\n\n\n"
        "Weibo, a microblogging service whose popularity has been hit hard."
    )
    body = body_of("\n\n".join([TITLE, BODY[0], broken, *BODY[1:]]))
    assert body[1] == (
        "The month-long campaign follows a similar clampdown last year on Sina Weibo, "
        "a microblogging service whose popularity has been hit hard."
    )
    assert len(body) == 5


def test_inline_tags_are_stripped_and_entities_decoded():
    first = "The <u>city council</u> approved a <b>new</b> budget for the coming year on Tuesday evening."
    body = body_of("\n\n".join([TITLE, first, *BODY[1:]]))
    assert body == BODY
    body = body_of("\n\n".join([TITLE, "Shares of AT&amp;T rose 2 percent in early trading on Monday.", *BODY]))
    assert body[0] == "Shares of AT&T rose 2 percent in early trading on Monday."


def test_invisible_characters_and_odd_spaces_are_normalised():
    first = "The city\u00a0council approved a new\u200b budget for the coming year on Tuesday  evening."
    assert body_of("\n\n".join([TITLE, first, *BODY[1:]])) == BODY


def test_every_junk_kind_at_once():
    raw = "\n".join(
        [
            "Home | News | Sport | Business | Weather",
            TITLE,
            "By Alice Brown | June 4, 2025",
            "Share  Print  E-mail",
            "Like Us on Facebook",
            "Photo: Councillors vote in the chamber. (File photo)",
            "",
            "SPRINGFIELD (AP) -- " + BODY[0],
            "",
            BODY[1],
            "",
            "People are seen outside the town hall on Tuesday morning",
            "",
            BODY[2],
            "",
            BODY[2],
            "",
            "Advertisement",
            "",
            BODY[3],
            "",
            "Tags: budget, council",
            "Copyright 2025 Springfield Courier. All rights reserved.",
            "User Rating: 4.5 (12 votes)",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "",
            "Related stories",
            "Celebrity chef opens a new restaurant in the capital.",
            "Stock markets rally as investors cheer strong earnings reports.",
            "Alice Brown covers local government for the Springfield Courier.",
        ]
    )
    title, body = clean_lines(raw)
    assert title == TITLE
    assert body == BODY


# --- clean prose survives ----------------------------------------------------------------------

DUC = [
    "Hurricane Mitch struck the coast of Honduras on Friday with winds of 180 mph.",
    "Officials said at least 200 people were killed in the first day of flooding.",
    "The U.S. military sent helicopters to help with rescue operations in the north.",
    "Mr. Flores, the president, declared a national emergency late on Friday night.",
    "Rivers burst their banks across the country, cutting off dozens of villages.",
    "Aid agencies warned that clean water would run short within days.",
    "The storm weakened as it moved inland but kept dropping heavy rain.",
    "Forecasters at the National Hurricane Center in Miami tracked it closely.",
    "Neighbouring Nicaragua also reported deaths and heavy damage to roads.",
    "Relief flights were expected to begin landing in the capital on Sunday.",
]


def test_duc_style_single_line_loses_no_sentence():
    source = clean(Source(text=" ".join(DUC) + "\n", path="docs/APW19981101.0001"))
    sentences = [s for p in source.text.split("\n\n") for s in split_sentences(p)]
    assert sentences == DUC


def test_duc_style_single_line_with_a_dateline_keeps_every_sentence():
    source = clean(Source(text="TEGUCIGALPA, Honduras (AP) _ " + " ".join(DUC), path="x.txt"))
    sentences = [s for p in source.text.split("\n\n") for s in split_sentences(p)]
    assert sentences == DUC


def test_clean_paragraphs_are_kept_word_for_word():
    paragraphs = [
        '"We will rebuild," she said.',
        "About 300 people attended the meeting on Tuesday.",
        "Sources close to the talks said a deal was near.",
        "By the end of the day, the river had risen by two metres.",
        "By one vote, the council lost its majority, and the mayor went to the palace to resign.",
        "The Chinese government has started a campaign to eliminate rumors, officials said.",
        "Rep. Smith said: the plan is sound.",
    ]
    assert body_of("\n\n".join([TITLE, *paragraphs])) == paragraphs


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices rose sharply on Monday after the announcement.",
        "Save the Children said the aid had reached 3,000 families.",
        "Like many towns in the region, Springfield depends on tourism.",
        "Comment was not immediately available from the company.",
    ],
)
def test_prose_starting_with_a_widget_word_survives(sentence):
    # A line that reads as a sentence is running text, whatever its first word.
    body = body_of(article(middle=sentence))
    assert sentence in body


# --- titles ------------------------------------------------------------------------------------


def test_title_is_the_first_headline_shaped_line():
    title, _ = clean_lines(article())
    assert title == TITLE


def test_title_skips_furniture_before_it():
    title, _ = clean_lines("Home | News | Sport\nShare this article\n" + article())
    assert title == TITLE


def test_title_falls_back_to_the_file_name():
    source = clean(Source(text=" ".join(DUC), path="cluster/APW19981101.0001.txt"))
    assert source.title == "APW19981101.0001"


def test_given_title_is_kept():
    source = clean(Source(text=article(), title="My own title", path="a.txt"))
    assert source.title == "My own title"


def test_stdin_and_in_memory_sources_without_a_title_get_none():
    assert clean(Source(text=" ".join(DUC), path="-")).title == ""
    assert clean(Source(text=" ".join(DUC))).title == ""


def test_clean_separates_paragraphs_with_blank_lines():
    source = clean(Source(text=article(), path="a.txt"))
    assert source.text == "\n\n".join(BODY)
    assert source.title == TITLE


# --- Markdown input ---------------------------------------------------------------------------


def test_markdown_heading_is_the_title_without_its_hashes():
    text = "# Council passes city budget after a long debate\n\n" + "\n\n".join(BODY)
    title, body = clean_lines(to_plain(text))
    assert title == TITLE
    assert body == BODY


def test_markdown_inline_markup_does_not_reach_the_sentences():
    text = (
        "# Council passes city budget after a long debate\n\n"
        "The **city council** approved a new budget for the [coming year](https://example.org/budget) "
        "on Tuesday evening.\n\n" + "\n\n".join(BODY[1:])
    )
    _, body = clean_lines(to_plain(text))
    assert body == BODY


def test_the_wire_services_underscore_dash_reads_as_a_dash():
    text = "The opposition _ claiming fraud at the polls _ said on Monday that it would appeal the vote in court."
    cleaned = clean(Source(text=text, id=1)).text
    assert cleaned == text.replace(" _ ", " \u2014 ")
    assert cleaned.count("\u2014") == 2 and "_" not in cleaned
    kept = "Call it snake_case or _this_ one: a file_name stays as it is written here."
    assert clean(Source(text=kept, id=1)).text == kept
