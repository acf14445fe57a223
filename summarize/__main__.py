"""`python -m summarize`."""

from .cli import run

run()
