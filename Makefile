# Two commands: `make run` (set up, then start the app on the bundled data) and
# `make test` (set up, then lint, format check and the whole test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime
	$(BIN)/python -m streamlit run serve.py --server.address 127.0.0.1 --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python -m typology bench --out bench/results.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache shots

# Issue 18: N Streamlit replicas behind nginx on 127.0.0.1 for a trial (docs/deploy.md).
N ?= 2
NGINX_PORT ?= 8080

.PHONY: nginx serve-replicas

# Debian's nginx-light, unless an nginx is already installed (needs root, as apt-get does).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light && \
		  (service nginx stop >/dev/null 2>&1 || true); }

# DB=URL: the perspectives database every replica shares (TYPOLOGY_DB; default as for `run`).
serve-replicas: $(VENV)/.runtime nginx
	$(BIN)/python -m typology.replicas --replicas $(N) --port $(NGINX_PORT) --first-port $(PORT) \
		$(if $(DB),--db '$(DB)')
