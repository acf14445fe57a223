"""The few words an html brief prints around its sentences, in the brief's language: the page
title and the counts line. Counts follow a label ("Sources: 10"), so no language's plural rules
are needed; English keeps its natural "10 sources, 2 stories"."""

from __future__ import annotations

from typing import NamedTuple


class Words(NamedTuple):
    code: str  # ISO 639-1, for <html lang>
    title: str  # with {date}
    sources: str
    stories: str
    direction: str = "ltr"

    def heading(self, when: str) -> str:
        """The page's one title: "Brief for 2026-11-24" in the brief's language."""
        return self.title.format(date=when)

    def counts(self, sources: int, stories: int) -> str:
        """How many sources and stories the brief covers."""
        if self.code == "en":
            read = "source" if sources == 1 else "sources"
            return f"{sources:,} {read}, {stories:,} {'story' if stories == 1 else 'stories'}"
        return f"{self.sources}: {sources:,} · {self.stories}: {stories:,}"


WORDS = {
    "english": Words("en", "Brief for {date}", "Sources", "Stories"),
    "arabic": Words("ar", "موجز الأخبار، {date}", "المصادر", "المواضيع", "rtl"),
    "czech": Words("cs", "Přehled zpráv, {date}", "Zdroje", "Témata"),
    "french": Words("fr", "Revue de presse, {date}", "Sources", "Sujets"),
    "german": Words("de", "Presseschau, {date}", "Quellen", "Themen"),
    "greek": Words("el", "Σύνοψη ειδήσεων, {date}", "Πηγές", "Θέματα"),
    "hebrew": Words("he", "סיכום חדשות, {date}", "מקורות", "נושאים", "rtl"),
    "italian": Words("it", "Rassegna stampa, {date}", "Fonti", "Temi"),
    "polish": Words("pl", "Przegląd prasy, {date}", "Źródła", "Tematy"),
    "portuguese": Words("pt", "Resumo de notícias, {date}", "Fontes", "Temas"),
    "russian": Words("ru", "Обзор новостей, {date}", "Источники", "Темы"),
    "slovak": Words("sk", "Prehľad správ, {date}", "Zdroje", "Témy"),
    "spanish": Words("es", "Resumen de prensa, {date}", "Fuentes", "Temas"),
    "swedish": Words("sv", "Nyhetssammanfattning, {date}", "Källor", "Ämnen"),
    "ukrainian": Words("uk", "Огляд новин, {date}", "Джерела", "Теми"),
}


def words_for(language: str) -> Words:
    """The words for a brief in `language` (a name such as "french"); English for any other."""
    return WORDS.get((language or "").lower(), WORDS["english"])
