# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint schema frontend clean interop web-test

$(BIN)/ecosystem: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/ecosystem

# Builds the web app when there is one (frontend/package.json); the API serves frontend/dist.
frontend:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci && npm run build; \
	else echo "No web app to build yet (frontend/ has no package.json)."; fi

run: install frontend
	$(BIN)/ecosystem migrate
	$(BIN)/ecosystem seed-demo
	$(BIN)/ecosystem serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check ecosystem auth tests benchmarks
	$(BIN)/ruff format --check ecosystem auth tests benchmarks
	$(BIN)/mypy ecosystem auth

schema: install
	$(BIN)/ecosystem export-schema -o graphql/schema.graphql

# A certified OpenID provider nobody here wrote (oidc-provider, from npm) for the interop test.
interop:
	@if command -v npm >/dev/null; then cd tests/interop && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the interop test with oidc-provider will be skipped."; fi

# The web app: generated code up to date, component tests (Vitest), end-to-end tests in Debian's
# Chromium against a fresh server (frontend/e2e).
web-test: install
	@if command -v npm >/dev/null; then cd frontend && npm ci --no-audit --no-fund --loglevel=error \
		&& npm run codegen:check && npm run test && ECOSYSTEM_BIN=$(abspath $(BIN))/ecosystem npm run e2e; \
	else echo "npm not found: the web app's tests are skipped."; fi

test: install lint interop web-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
