"""Whole pages saved as plain text, as a text-mode browser dumps them: the line model keeps the
article and nothing else, whatever surrounds it; and an extractor's text loses nothing."""

from __future__ import annotations

import pytest

from summarize.clean import clean_lines, extracted_lines, page_lines
from summarize.line_model import FEATURES, SMOOTHED, Model, Trees, article_probabilities, features, using_model

ARTICLE = [
    "The regional water authority said on Monday it would spend $40 million to replace the ageing pipes "
    "that feed three towns along the northern shore.",
    "Officials said the work would begin in the spring and take about two years, with most streets closed "
    "for no more than a week at a time.",
    "Residents have complained for years about brown water and low pressure, and a report last autumn found "
    "that a fifth of the network was more than eighty years old.",
    "The authority's chief engineer, Maria Lindqvist, said the new pipes would cut leaks by about a third and "
    "save enough water each year to fill the town reservoir twice.",
    "The money comes from a state loan that the authority will repay over thirty years from its water charges, "
    "which it said would rise by less than two percent.",
    "Some council members asked whether the towns could have been spared the cost if repairs had been made "
    "earlier, and the authority agreed to publish its maintenance records.",
]

MENU = [
    "  • Home",
    "  • News",
    "  • Sport",
    "  • Business",
    "  • Weather",
    "      □ Local",
    "      □ World",
    "  • Contact us",
]
FORM = [
    "Nickname: [                    ]",
    "Password: [                    ]",
    "[Log In] Forgot your password?",
    "[Search]",
]


def saved_page(*after: str, before: tuple[str, ...] = ()) -> str:
    """A page as a text-mode browser saves it: menus, a form, the headline, the article, then `after`."""
    lines = [*MENU, "", *FORM, "", *before, "Water authority to replace ageing pipes", ""]
    for paragraph in ARTICLE:
        lines += [paragraph, ""]
    lines += list(after)
    lines += ["", *MENU, "", "Privacy policy | Terms of use | Advertise", "© 2012 The Shore Times"]
    return "\n".join(lines) + "\n"


def kept(text: str) -> str:
    return "\n".join(clean_lines(text)[1])


def assert_article_alone(text: str, *junk: str) -> None:
    body = kept(text)
    for paragraph in ARTICLE:
        assert paragraph in body, f"article paragraph lost: {paragraph[:50]!r}"
    for piece in junk:
        assert piece not in body, f"junk {piece!r} survived cleaning"


COMMENTS = [
    "Top Rated Comments",
    "",
    "    JohnQ wrote: on July 23, @08:25PM",
    "    About time. I have been drinking brown water for a decade and nobody at the authority cared at all.",
    "    Reply | Report abuse",
    "      □ ",
    "        Sally_R wrote: on July 23, @08:40PM",
    "        They will raise the charges again next year, mark my words, and the pipes will still leak.",
    "        Reply | Report abuse",
    "    Dave from Ashby wrote: on July 23, @09:02PM",
    "    My street was dug up twice last year for the same leak, so I will believe it when I see it done.",
    "    Reply | Report abuse",
]


def test_a_comment_thread_under_any_heading_is_left_out():
    assert_article_alone(saved_page(*COMMENTS), "brown water for a decade", "mark my words", "dug up twice")


def test_related_teasers_and_bullet_lists_are_left_out():
    teasers = [
        "Related stories",
        "",
        "  • Drought forces hosepipe ban across the county",
        "  • □ Council approves new reservoir plan after long debate",
        "  ☆ Flood defences to be rebuilt before winter storms",
        "Bridge repairs delayed again The county says the work will not start until next year.",
    ]
    assert_article_alone(saved_page(*teasers), "hosepipe ban", "new reservoir plan", "Flood defences")


def test_captions_credits_banners_and_prompts_are_left_out():
    middle = (
        "Workers lay new pipes in Ashby on Monday. (AP Photo/Luca Bruno)",
        "",
        "We use cookies to give you the best experience. By continuing you agree to our use of cookies. [Accept]",
        "",
        "Sign up for our morning newsletter. No spam, we promise.",
        "",
    )
    assert_article_alone(saved_page(*middle), "AP Photo", "cookies", "No spam")


def test_wire_boilerplate_is_left_out():
    tail = (
        "MORE",
        "",
        "NEW AMERICA NEWS SERVICE. To purchase this material contact the sales desk at 555-0100.",
    )
    assert_article_alone(saved_page(*tail), "To purchase this material", "MORE")


# A thread no heading announces: each entry a name, a stamp line, a body and buttons.
THREAD = [
    "Discuss this post",
    "",
    "Comment author avatar JohnQ",
    "I have been drinking brown water for a decade and nobody at the authority cared at all.",
    "• 3 votes",
    "#1 - Tue Jul 24, 2012 10:14 AM EDT",
    "Comment author avatar Sally_R",
    "They will raise the charges again next year, mark my words, and the pipes will still leak.",
    "• 12 votes",
    "#1.1 - Tue Jul 24, 2012 10:35 AM EDT",
    "Comment author avatar Dave",
    "My street was dug up twice last year for the same leak, so I will believe it when I see it done.",
    "• 1 vote",
    "#2 - Tue Jul 24, 2012 11:02 AM EDT",
    "Comment author avatar Ann",
    "The engineer quoted here used to run the county roads and they are a disgrace, frankly.",
    "#3 - Tue Jul 24, 2012 11:40 AM EDT",
]


def test_a_thread_of_time_stamped_entries_ends_the_article_whatever_the_model_says():
    # A model that keeps every line stands for one that takes the comments' bodies for prose.
    everything = Model(first=Trees(10.0, ()), second=Trees(10.0, ()), threshold=0.5)
    with using_model(everything):
        body = kept(saved_page(*THREAD))
    for paragraph in ARTICLE:
        assert paragraph in body
    for piece in ("brown water for a decade", "mark my words", "dug up twice", "a disgrace", "votes"):
        assert piece not in body


def test_dated_lines_before_most_of_the_article_are_no_thread():
    # Stamped lines above the article (a byline's date, a menu of dated teasers) end nothing.
    from summarize.clean import _thread_start

    teasers = ["Posted: 08/09/2012 9:21 am", "Pipes burst in Ashby", "Jul 24, 2012 10:14 AM", "Rain again",
               "Jul 25, 2012 8:00 AM", "Storm warning", "Jul 26, 2012 9:30 AM"]  # fmt: skip
    lines = [*teasers, *ARTICLE]
    assert _thread_start(lines, [True] * len(lines)) is None
    thread = [line for line in THREAD if line]
    # the thread begins at its first entry's name, the line the entries' stamps come a body after
    assert _thread_start(ARTICLE[:3] + thread, [True] * (3 + len(thread))) == 3 + 1


SLIDESHOW = [
    "Also on the Times:",
    "Loading Slideshow...",
    "  • Floods in the valley",
    "    The river rose two metres overnight and the old bridge was closed to traffic for the weekend.",
    "  • A dry summer",
    "    Reservoirs stood at half their usual level by August, and a hosepipe ban lasted until October.",
    "    Farmers said the harvest was the poorest in a decade.",
    "  • The new treatment works",
    "    The plant opened in May after three years of building and serves forty thousand homes.",
    "  • Leaks and bills",
    "    Charges rose by a tenth last year while a quarter of the water was lost to leaks on the way.",
]


def test_a_run_of_headlines_each_with_its_blurb_is_left_out():
    assert_article_alone(saved_page(*SLIDESHOW), "river rose two metres", "hosepipe ban", "forty thousand", "a tenth")


def test_an_articles_own_list_is_no_teaser_run():
    from summarize.clean import _teaser_lines

    article = [(0, line) for line in ARTICLE]
    items = [
        (2, f"• {town}: {km} km of pipe") for town, km in (("Ashby", 12), ("Port Wrenley", 9), ("Holt", 4), ("Ely", 2))
    ]
    assert _teaser_lines([article[0], *items, article[1]]) == []  # items alone
    entries = page_lines("\n".join(SLIDESHOW[2:]))
    assert _teaser_lines(entries[:6]) == []  # three entries are not yet a run
    # the last blurb ends where the indent changes: the article's next paragraph is not taken with it
    assert _teaser_lines([article[0], *entries, article[1]]) == list(range(1, 1 + len(entries)))


def test_a_line_saying_one_text_twice_is_a_caption():
    caption = "A young supporter listens to the engineer at Monday's meeting in Ashby."
    middle = (f"{caption} {caption}", "")
    assert_article_alone(saved_page(*middle), caption)
    assert ARTICLE[0] in kept(saved_page(f"{ARTICLE[0][:60]} {ARTICLE[0]}"))  # not the same text twice


def test_a_page_unlike_any_the_model_knows_keeps_its_article():
    # A model that keeps nothing stands for one that has never seen such a layout: the shape
    # rules' reading is used, and the article is not lost.
    page = saved_page(*COMMENTS)
    nothing = Model(first=Trees(-10.0, ()), second=Trees(-10.0, ()), threshold=0.5)  # every line's probability near 0
    with using_model(nothing):
        body = kept(page)
    for paragraph in ARTICLE:
        assert paragraph in body


def test_a_short_text_is_judged_by_the_shape_rules_alone():
    text = "Pipes to be replaced\n\n" + "\n\n".join(ARTICLE[:2]) + "\n"
    nothing = Model(first=Trees(-10.0, ()), second=Trees(-10.0, ()), threshold=0.5)
    with using_model(nothing):
        assert clean_lines(text)[1] == ARTICLE[:2]


def test_the_line_model_sees_indentation_and_gives_every_line_a_probability():
    lines = page_lines(saved_page(*COMMENTS))
    assert lines[0] == (2, "• Home")
    rows = features(lines)
    assert all(len(row) == len(FEATURES) for row in rows)
    probabilities = article_probabilities(lines)
    assert len(probabilities) == len(lines) and all(0.0 <= p <= 1.0 for p in probabilities)
    by_text = dict(zip((t for _, t in lines), probabilities, strict=True))
    assert min(by_text[p] for p in ARTICLE) > max(by_text[t.strip()] for t in MENU)


def test_the_shipped_tables_match_the_features():
    from summarize.line_trees import MODEL

    used = {node[0] for tree in MODEL.first.trees for node in tree}
    assert max(used) < len(FEATURES)
    used = {node[0] for tree in MODEL.second.trees for node in tree}
    assert max(used) < len(FEATURES) + len(SMOOTHED)
    assert MODEL.first.trees and MODEL.second.trees and 0 < MODEL.threshold < 1


# --- text an HTML extractor gave ---------------------------------------------------------------------


def test_an_article_on_one_line_between_bars_is_kept():
    # An extractor's table row: the article in one cell between "|" separators, furniture in others.
    text = "|  |\n| NEWS CATEGORIES: NEWS ARCHIVE >> REVIEWS >> | \n| " + " ".join(ARTICLE) + " | Share |\n|  |\n"
    _, body = extracted_lines(text)
    assert " ".join(ARTICLE) in body


def test_lists_and_tables_of_an_extracted_article_stay():
    text = "\n".join(
        [ARTICLE[0], "", "- Ashby: 12 km of pipe", "- Port Wrenley: 9 km of pipe", ""]
        + ["| the town of Ashby | 40 streets |", ARTICLE[1]]
    )
    body = "\n".join(extracted_lines(text)[1])
    units = extracted_lines(text)[1]
    items = ["- Ashby: 12 km of pipe", "- Port Wrenley: 9 km of pipe", "the town of Ashby"]
    assert units == [ARTICLE[0], *items, ARTICLE[1]]
    assert body == "\n".join(units)


@pytest.mark.parametrize("title", ["Water authority to replace ageing pipes", ""])
def test_an_extracted_title_line_is_not_a_sentence(title):
    text = "Water authority to replace ageing pipes\n\n" + ARTICLE[0]
    body = extracted_lines(text, title)[1]
    assert ARTICLE[0] in body
    assert ("Water authority to replace ageing pipes" in body) == (not title)


def test_an_html_page_whose_article_is_one_table_cell_keeps_it(tmp_path):
    # The shape of two cleaning-dev pages that lost their whole article: the extractor returns
    # the page as table rows, the article one cell of one line between "|" separators.
    from summarize import sentences

    article = " ".join(ARTICLE)
    cells = f"<td>NEWS CATEGORIES</td><td></td></tr><tr><td>Home &gt; News</td><td>{article}</td>"
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>Pipes</title></head><body><table><tr>{cells}</tr></table></body></html>")
    (item,) = sentences([page])
    assert list(item.sentences) == ARTICLE


NOTICE = [
    "Dow Jones Reprints: This copy is for your personal, non-commercial use only.",
    "To order presentation-ready copies for distribution to your colleagues, clients or customers, use the Order "
    "Reprints tool at the bottom of any article or visit",
]


def test_a_publishers_use_notice_above_an_extracted_article_goes_and_takes_no_sentence_with_it():
    # The notice's last line is left open ("... or visit"): it must not swallow the article's first line.
    text = "\n\n".join([*NOTICE, "www.example-reprints.com", *ARTICLE[:2], *NOTICE])
    body = extracted_lines(text)[1]
    assert body[:2] == ARTICLE[:2]
    assert not any("non-commercial" in unit or "Reprints" in unit for unit in body)


def test_a_publishers_use_notice_on_a_saved_page_is_furniture():
    assert_article_alone(saved_page(*NOTICE, before=tuple(NOTICE)), *NOTICE)


def _walked(trees: Trees, row) -> float:
    """The log-odds of one row by walking the table node by node: what the table means."""
    total = trees.base
    for nodes in trees.trees:
        node = nodes[0]
        while node[0] >= 0:
            node = nodes[node[2]] if row[node[0]] <= node[1] else nodes[node[3]]
        total += node[4]
    return total


def test_the_trees_judge_all_lines_at_once_as_the_table_says_line_by_line():
    import numpy as np

    from summarize.line_model import smoothed
    from summarize.line_trees import MODEL

    rows = features(page_lines(saved_page(*COMMENTS)))
    second_rows = np.hstack([rows, smoothed(MODEL.first.logits(rows))])
    for trees, table_rows in ((MODEL.first, rows), (MODEL.second, second_rows)):
        assert list(trees.logits(table_rows)) == pytest.approx([_walked(trees, r) for r in table_rows], abs=1e-9)
    assert list(Trees(-1.5, ()).logits(rows)) == [-1.5] * len(rows)


def test_a_page_without_lines_has_no_features_and_no_probabilities():
    assert features([]).shape == (0, len(FEATURES))
    assert article_probabilities([]) == []


def test_a_notice_the_page_repeats_is_its_furniture():
    # A sign-up prompt above and below the article, said in prose: the page's own, not the article's.
    prompt = "Please check your inbox for a confirmation email."
    page = saved_page(prompt, "", "Advertisement", before=(prompt, "", "Share this", ""))
    assert_article_alone(page, prompt)
    # said once, a short sentence is left to the model and the rules
    from summarize.clean import _page_notices

    assert _page_notices([prompt, *ARTICLE]) == []
    assert _page_notices([prompt, *ARTICLE, prompt]) == [0, len(ARTICLE) + 1]
    assert _page_notices([ARTICLE[0], ARTICLE[1], ARTICLE[0]]) == []  # a paragraph said twice is no notice


def test_a_paragraph_the_saver_cut_between_paragraphs_of_the_article_is_kept():
    # A lead-in left open by its colon, and a paragraph cut off before a line the page's furniture held.
    lead = "The chief engineer gave the reasons for the work in a letter to residents:"
    cut = "The authority said the first streets to be dug up would be those around the old station and"
    page = (
        saved_page()
        .replace(ARTICLE[3], f"{lead}\n\n{ARTICLE[3]}")
        .replace(ARTICLE[2], f"{cut}\n\n[Search]\n\n{ARTICLE[2]}")
    )
    body = clean_lines(page)[1]
    assert lead in body and cut in body and all(paragraph in body for paragraph in ARTICLE)


def test_an_open_line_is_prose_only_between_paragraphs_of_prose():
    from summarize.clean import _is_open_sentence

    cut = "The authority said the first streets to be dug up would be those around the old station"
    assert _is_open_sentence([ARTICLE[0], cut, ARTICLE[1]], 1)
    assert not _is_open_sentence([ARTICLE[0], cut, "Weather"], 1)  # the article's last line, or a caption under it
    assert not _is_open_sentence(
        [ARTICLE[0], "Water Authority Names Its New Chief Engineer After Long Search", ARTICLE[1]], 1
    )
    assert not _is_open_sentence([ARTICLE[0], "Pipes and leaks in three towns", ARTICLE[1]], 1)  # a few words: a label
