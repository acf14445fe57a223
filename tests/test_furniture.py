"""summarize.furniture: what several unrelated pages of one site end with is the site's, not news."""

from __future__ import annotations

from summarize import Source, summarize
from summarize.collapse import collapse
from summarize.furniture import MIN_ARTICLES, furniture, without_furniture
from summarize.models import Sentence

RULES = [
    "Comments may be no longer than 2000 characters and will post to the site shortly after submitting.",
    "Please keep your comments relevant to the topic and do not share any personal details with other fans.",
]
ARTICLES = [
    [
        "The harbour council voted on Monday to build a new ferry terminal on the east quay.",
        "Fishermen protested outside the town hall during the three hours of the debate.",
    ],
    [
        "A late goal from the visiting striker gave the county side its first win of the season.",
        "The manager praised his defenders for holding firm through the second half.",
    ],
    [
        "Heavy rain flooded several streets in the northern suburbs overnight, police said.",
        "Two schools stayed closed while the water was pumped out of their basements.",
    ],
    [
        "The city library will open on Sundays from next month after a vote by the council.",
        "Volunteers will staff the reading rooms while the library hires more librarians.",
    ],
]


def _sentences(bodies: list[list[str]], tail: list[str]) -> list[Sentence]:
    out = []
    for source, body in enumerate(bodies, start=1):
        for index, text in enumerate([*body, *tail]):
            out.append(Sentence(text=text, source_id=source, paragraph=index, index=index))
    return out


def _texts(groups, found) -> set[str]:
    return {groups[k].representative.text for k in found}


def test_the_lines_unrelated_articles_end_with_are_furniture():
    groups = collapse(_sentences(ARTICLES, RULES))
    assert _texts(groups, furniture(groups)) == set(RULES)
    kept = {g.representative.text for g in without_furniture(groups)}
    assert kept == {t for body in ARTICLES for t in body}


def test_fewer_articles_than_several_keep_their_common_ending():
    groups = collapse(_sentences(ARTICLES[: MIN_ARTICLES - 1], RULES))
    assert furniture(groups) == set()


def test_copies_of_one_story_keep_their_common_background():
    # Three write-throughs of one story: the same body, the same closing background.
    story = ARTICLES[0]
    groups = collapse(_sentences([story, story, story], RULES))
    assert furniture(groups) == set()


def test_re_filed_versions_with_a_new_top_keep_their_shared_paragraphs():
    # Each version rewrites its top and its end but keeps a sentence of its body.
    shared = "The terminal will cost 40 million pounds and open in two years, the council said."
    bodies = [[body[0], shared, body[1]] for body in ARTICLES[:3]]
    groups = collapse(_sentences(bodies, RULES))
    assert furniture(groups) == set()


def test_a_quote_inside_several_articles_is_news_not_furniture():
    quote = '"We will not let the quay fall into the sea," the mayor told reporters on Monday.'
    bodies = [[body[0], quote, body[1]] for body in ARTICLES]
    groups = collapse(_sentences(bodies, []))
    assert furniture(groups) == set()


def test_sources_that_are_nothing_but_shared_lines_do_not_count_as_articles():
    # Every sentence of these sources is carried elsewhere: they are copies, not articles.
    groups = collapse(_sentences([[], [], [], ARTICLES[0]], RULES))
    assert furniture(groups) == set()


def test_a_brief_over_pages_of_one_site_leaves_their_footer_out():
    sources = [
        Source.from_text("\n\n".join([*body, *RULES]), title=f"Page {n}", path=f"site/{n}.txt")
        for n, body in enumerate(ARTICLES, start=1)
    ]
    digest = summarize(sources, length=20)
    printed = {s.text for s in digest.sentences}
    assert printed and not printed & set(RULES)
    assert printed <= {t for body in ARTICLES for t in body}
