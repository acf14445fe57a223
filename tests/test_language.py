"""Languages: each source's language is recognised, the brief is in one, and sources in another
are skipped with a reason rather than stemmed and filtered as if they were English."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_module
from helpers import ARTICLES, FIXTURES, SEEDS, norm

from summarize import UsageError, summarize
from summarize.clean import clean_lines
from summarize.language import LANGUAGES, belongs, detect, read
from summarize.sources import load

LANGUAGE_FIXTURES = FIXTURES / "languages"
KNOWN = sorted(p.stem for p in LANGUAGE_FIXTURES.glob("*.txt") if p.stem in LANGUAGES)
BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "duc2004-dev"


def text_of(language: str) -> str:
    return (LANGUAGE_FIXTURES / f"{language}.txt").read_text(encoding="utf-8")


def folder(tmp_path: Path, *languages: str) -> Path:
    """A folder holding the fixture article of each language named."""
    for language in languages:
        shutil.copy(LANGUAGE_FIXTURES / f"{language}.txt", tmp_path / f"{language}.txt")
    return tmp_path


@pytest.mark.parametrize("language", KNOWN)
def test_each_fixture_language_is_recognised(language):
    assert detect(text_of(language)) == language


def test_the_fixtures_cover_every_language_a_brief_can_be_in():
    assert KNOWN == sorted(LANGUAGES)


def test_russian_and_ukrainian_are_told_apart_by_their_letters():
    assert detect(text_of("russian")) == "russian"
    assert detect(text_of("ukrainian")) == "ukrainian"


HEADLINES = (
    "Storm batters coast. Ports shut, flights cancelled, power cut. Rail lines closed north of Hale; "
    "buses replace trains. Schools shut Monday. Ferry services suspended. Harbour wall breached near "
    "Quay Street. Emergency shelters open: Hale, Wrenley, Marsh End. Bridge closed. Flood warnings issued."
)


def test_english_with_few_stop_words_is_unjudged_but_likeliest_english():
    reading = read(HEADLINES)
    assert reading.language is None and reading.likeliest == "english"
    assert belongs(reading, "english") and not belongs(reading, "french")


def test_english_headlines_beside_articles_are_kept(tmp_path):
    for path in ARTICLES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "headlines.txt").write_text(HEADLINES, encoding="utf-8")
    digest = summarize(tmp_path)
    assert not digest.skipped
    assert any(s.path.endswith("headlines.txt") for s in digest.sources)


def test_a_language_without_a_stop_list_is_not_recognised():
    assert detect(text_of("finnish")) is None


def test_a_short_text_is_not_judged():
    assert detect("Storm closes the harbour.") == ""
    assert detect("") == ""


def test_numbers_do_not_count_as_words():
    assert detect(" ".join(str(n) for n in range(200))) == ""


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is absent")
def test_every_benchmark_article_reads_as_english_or_too_short_to_judge():
    from summarize.clean import clean

    found = [detect(clean(s).text) for s in load([BENCH]).sources]
    assert set(found) <= {"english", ""}, set(found)
    assert found.count("") <= 0.01 * len(found)  # nothing, or next to nothing, left after cleaning


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_the_seed_articles_read_as_english():
    from summarize.clean import clean

    assert {detect(clean(s).text) for s in load([SEEDS]).sources} == {"english"}


def test_a_french_article_beside_english_ones_is_skipped_with_the_reason(tmp_path):
    for path in ARTICLES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    folder(tmp_path, "french")
    digest = summarize(tmp_path)
    assert digest.settings["language"] == "english"
    reasons = {Path(s.path).name: s.reason for s in digest.skipped}
    assert "written in French" in reasons["french.txt"]
    assert "--language french" in reasons["french.txt"]
    assert all("french.txt" not in (s.path or "") for s in digest.sources)


@pytest.mark.parametrize("language", ["russian", "german", "spanish", "arabic"])
def test_a_brief_of_one_language_is_written_in_it(tmp_path, language):
    digest = summarize(folder(tmp_path, language), length=2)
    assert digest.settings["language"] == language
    assert not digest.skipped
    source = norm(text_of(language))
    assert digest.sentences and all(norm(s.text) in source for s in digest.sentences)


def test_the_language_with_most_text_sets_the_brief(tmp_path):
    folder(tmp_path, "french", "spanish", "english")
    shutil.copy(tmp_path / "spanish.txt", tmp_path / "spanish-again.txt")
    digest = summarize(tmp_path, language="auto")
    assert digest.settings["language"] == "spanish"
    assert sorted(Path(s.path).name for s in digest.sources) == ["spanish-again.txt", "spanish.txt"]
    assert sorted(Path(s.path).name for s in digest.skipped) == ["english.txt", "french.txt"]


def test_language_option_chooses_the_brief_and_skips_the_rest(tmp_path):
    digest = summarize(folder(tmp_path, "english", "french", "german"), language="French")
    assert digest.settings["language"] == "french"
    assert [Path(s.path).name for s in digest.sources] == ["french.txt"]
    assert {Path(s.path).name for s in digest.skipped} == {"english.txt", "german.txt"}


def test_an_unrecognised_language_is_skipped_with_the_reason(tmp_path):
    digest = summarize(folder(tmp_path, "english", "finnish"))
    (skipped,) = digest.skipped
    assert skipped.path.endswith("finnish.txt")
    assert skipped.reason.startswith("language not recognised")


def test_an_unknown_language_name_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="unknown language 'klingon'"):
        summarize(folder(tmp_path, "english"), language="klingon")


@pytest.mark.parametrize("language", ["greek", "polish", "hebrew", "slovak", "ukrainian"])
@pytest.mark.parametrize("algorithm", ["lexrank", "concepts"])
def test_languages_sumy_or_snowball_cannot_stem_still_rank(tmp_path, language, algorithm):
    digest = summarize(folder(tmp_path, language), length=2, algorithm=algorithm)
    assert digest.settings["language"] == language and len(digest.sentences) == 2
    source = norm(text_of(language))
    assert all(norm(s.text) in source for s in digest.sentences)


def test_words_of_a_language_without_a_snowball_stemmer_are_their_own_stems():
    from summarize.text import stems

    assert stems(["будівлі", "адміністрації"], "ukrainian") == ["будівлі", "адміністрації"]
    assert stems(["buildings"], "english") == ["build"]


def test_cli_language_option_and_json_settings(tmp_path):
    result = run_module(str(folder(tmp_path, "english", "german")), "--language", "german", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["settings"]["language"] == "german"
    assert [Path(s["path"]).name for s in data["skipped"]] == ["english.txt"]
    assert "written in English" in data["skipped"][0]["reason"]


def test_cli_unknown_language_exits_2_with_one_line(tmp_path):
    result = run_module(str(folder(tmp_path, "english")), "--language", "klingon")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown language 'klingon'" in lines[0] and "Traceback" not in result.stderr


def test_config_file_sets_the_language(tmp_path):
    (tmp_path / "in").mkdir()
    articles = folder(tmp_path / "in", "english", "spanish")
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs = ["{articles}"]\nlanguage = "spanish"\n', encoding="utf-8")
    result = run_module("--config", str(config), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["settings"]["language"] == "spanish"


def test_a_copyright_notice_inside_an_article_on_one_line_costs_only_its_sentence():
    article = "COPYRIGHT 1998 BY EXAMPLE NEWS SERVICES, ALL RIGHTS RESERVED. " + " ".join(
        f"The river rose by {n} centimetres overnight at the gauge in the old town, they said." for n in range(8)
    )
    _, body = clean_lines(article)
    text = " ".join(body)
    assert "COPYRIGHT" not in text
    assert text.count("The river rose by") == 8


def test_an_article_on_one_line_about_copyright_keeps_every_sentence():
    article = " ".join(
        [
            "The band's copyright over the song had expired, the court said on Monday.",
            "Lawyers for the label said it had entered the archive without permission.",
        ]
        + [f"The judge heard {n} witnesses over the week before ruling for the band, they said." for n in range(6)]
    )
    _, body = clean_lines(article)
    assert norm(" ".join(body)) == norm(article)


def test_a_short_copyright_line_is_still_removed_whole():
    _, body = clean_lines("The river rose overnight, officials said on Monday.\n\nCopyright 2026 Example News.\n")
    assert body == ["The river rose overnight, officials said on Monday."]


@pytest.mark.parametrize(("code", "name"), [("fr", "french"), ("DE", "german"), ("uk", "ukrainian"), ("en", "english")])
def test_two_letter_codes_name_languages(tmp_path, code, name):
    digest = summarize(folder(tmp_path, name), language=code, length=1)
    assert digest.settings["language"] == name
