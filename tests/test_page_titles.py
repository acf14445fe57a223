"""clean: the title of a page saved as plain text is its headline, not a menu, a list item or a date."""

from __future__ import annotations

from summarize.clean import clean_lines

ARTICLE = (
    "The harbour council voted on Monday to build a new ferry terminal on the east quay, "
    "ending a dispute with fishermen that had lasted for more than three years.\n\n"
    "Work on the ferry terminal will begin in the spring and cost about 40 million pounds, "
    "the council said in a statement after the vote.\n\n"
    "Fishermen who had opposed the plan said they would ask for a review of the decision."
)


def _page(*top: str) -> str:
    return "\n\n".join([*top, ARTICLE])


def test_the_headline_beats_the_menus_above_it():
    title, _ = clean_lines(
        _page(
            "Home News Sport Business Travel Weather",
            "• Skip to local navigation",
            "[News, Quotes, Companies, Video] SEARCH",
            "Updated July 24, 2012, 9:16 a.m. ET",
            "Council backs new ferry terminal on the east quay",
            "By a staff reporter",
        )
    )
    assert title == "Council backs new ferry terminal on the east quay"


def test_a_site_name_before_the_headline_is_not_the_title():
    title, _ = clean_lines(
        _page("The Coastal Gazette - News of the Harbour Towns", "Harbour council votes for ferry terminal")
    )
    assert title == "Harbour council votes for ferry terminal"


def test_a_list_item_or_a_date_is_never_the_title():
    title, _ = clean_lines(_page("• Up to the Minute", "July 24, 2012 12:11 AM ET"))
    assert title == ""


def test_with_no_headline_sharing_the_lead_the_first_candidate_stays():
    title, _ = clean_lines(_page("Opinion and letters from our readers", "Thursday's edition of the paper"))
    assert title == "Opinion and letters from our readers"
