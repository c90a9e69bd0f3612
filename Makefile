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

# Builds the web app (Node.js 20 or newer); the API serves frontend/dist. Its packages are
# installed again only when package-lock.json changed. Without npm the API and GraphQL still run.
frontend:
	@if ! command -v npm >/dev/null; then \
		echo "npm not found: the web app is not built (install Node.js 20 or newer for it);" \
			"the API, GraphQL and the sign-in pages run without it."; \
	else cd frontend \
		&& if [ ! node_modules/.package-lock.json -nt package-lock.json ]; then \
			npm ci --no-audit --no-fund --loglevel=error; fi \
		&& npm run build; fi

# A port other than 8000 (make run PORT=8321) moves the public URL with it, the address the
# sign-in returns to, unless PUBLIC_URL is set in the environment. The seed hears it too: the
# embedded provider's issuer is PUBLIC_URL/idp, and the demo partner's role is granted there.
PUBLIC_URL_OF_PORT := $(if $(filter-out 8000,$(PORT)),PUBLIC_URL="$${PUBLIC_URL:-http://localhost:$(PORT)}")

run: install frontend
	$(BIN)/ecosystem migrate
	$(PUBLIC_URL_OF_PORT) $(BIN)/ecosystem seed-demo
	$(PUBLIC_URL_OF_PORT) $(BIN)/ecosystem serve --host $(HOST) --port $(PORT)

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
