"""Benchmarks: summary quality (ROUGE against human summaries) and speed at scale."""
