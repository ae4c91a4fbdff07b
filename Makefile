# CCHC Hub — the two commands: `make run` and `make test`.
PORT ?= 8000
export PORT

.PHONY: run test install lint lock clean

# The demo replays the 2020 campaign: the clock is fixed at 20/11/2020 unless CCHC_TODAY says otherwise.
run: export CCHC_TODAY := $(or $(CCHC_TODAY),2020-11-20)
run: install
	.venv/bin/cchc migrate --noinput -v0
	.venv/bin/cchc createcachetable
	.venv/bin/cchc demo
	.venv/bin/cchc up

test:
	scripts/test.sh $(PYTEST_ARGS)

install:
	scripts/install.sh

lint: install
	.venv/bin/ruff check .

# Re-resolve the pinned versions after editing pyproject.toml.
lock:
	rm -rf /tmp/cchc-lock-venv && python3.11 -m venv /tmp/cchc-lock-venv
	/tmp/cchc-lock-venv/bin/pip install -q "pip==26.3"
	/tmp/cchc-lock-venv/bin/pip install -q --build-constraint scripts/build-constraints.txt -e ".[dev]"
	{ echo "# Exact versions that \`make install\` installs (pip install -r requirements.lock)."; \
	  echo "# Update: edit pyproject.toml, then \`make lock\` (writes this file from a fresh resolve)."; \
	  /tmp/cchc-lock-venv/bin/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf .venv
