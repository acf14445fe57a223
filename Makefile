# One-command set-up: every target that needs the environment builds it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-slow lint bench bench-quality bench-speed bench-stories bench-update bench-state bench-network bench-cleaning bench-splitting bench-million bench-dask clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]' >&2
	@$(BIN)/python -m compileall -q summarize >&2  # byte-compiled, as an installed package is: faster start-up
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/summarize samples/

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

lint: $(STAMP)
	$(BIN)/ruff check summarize tests bench

bench: bench-quality bench-speed bench-stories bench-update bench-network bench-cleaning bench-splitting

bench-quality: $(STAMP)
	$(BIN)/python -m bench.quality

bench-speed: $(STAMP)
	$(BIN)/python -m bench.speed

# DUC 2007 update task: sets A, B, C with one state per topic and each set alone, beside NIST's systems.
bench-update: $(STAMP)
	$(BIN)/python -m bench.update

# A state of 30 days x 5,000 articles a day: its size and how long it takes to load and save.
bench-state: $(STAMP)
	$(BIN)/python -m bench.state_scale

# Addresses one at a time beside concurrently, and a second run through the HTTP cache (a local server).
bench-network: $(STAMP)
	$(BIN)/python -m bench.network

# Junk removal on ../shared/bench/cleaning-dev: our paths beside trafilatura and jusText (about 8 minutes).
bench-cleaning: $(STAMP)
	$(BIN)/python -m bench.cleaning

# Sentence splitting: the golden rules and sentences a second, ours beside pySBD.
bench-splitting: $(STAMP)
	$(BIN)/python -m bench.splitting

bench-stories: $(STAMP)
	$(BIN)/python -m bench.stories

# One million sentences, resampled and varied from the benchmark text: slow, so not part of `bench`.
bench-million: $(STAMP)
	$(BIN)/python -m bench.speed --sizes 1000000 --runs 1 --no-sumy --algorithms concepts,native-lexrank --cap 1200

# The brief on a local Dask cluster of 2 workers beside the single-process run, one million sentences.
bench-dask: $(STAMP)
	$(BIN)/python -m bench.dask --sentences 1000000 --workers 2 --runs 1

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
