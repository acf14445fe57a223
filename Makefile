# One-command set-up: every target that needs the environment builds it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-slow lint bench bench-quality bench-speed bench-stories bench-splitting bench-million clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
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

bench: bench-quality bench-speed bench-stories bench-splitting

bench-quality: $(STAMP)
	$(BIN)/python -m bench.quality

bench-speed: $(STAMP)
	$(BIN)/python -m bench.speed

bench-splitting: $(STAMP)
	$(BIN)/python -m bench.splitting

# One million sentences, resampled and varied from the benchmark text: slow, so not part of `bench`.
bench-stories: $(STAMP)
	$(BIN)/python -m bench.stories

bench-million: $(STAMP)
	$(BIN)/python -m bench.speed --sizes 1000000 --runs 1 --no-sumy --algorithms concepts,native-lexrank --cap 1200

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
