# Tessera's two commands:
#   make run    set up if needed, build, migrate, seed, serve on http://localhost:3000
#   make test   set up if needed, lint, docs-check, unit + integration tests
#               (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), release
#               build, Playwright
#
# One warm target directory outside the clone, so fresh clones (and CI on this
# machine) reuse compiled dependencies. Override with CARGO_TARGET_DIR=...
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export CARGO_TARGET_DIR ?= $(HOME)/.cache/tessera/target
TOOLS ?= $(HOME)/.cache/tessera/tools
export PATH := $(TOOLS)/bin:$(CURDIR)/node_modules/.bin:$(PATH)
# The release binary cargo-leptos builds.
export TESSERA_BIN ?= $(CARGO_TARGET_DIR)/release/tessera
# Where the compiled site (pkg/, assets) lives, relative to the workspace.
export LEPTOS_SITE_ROOT ?= target/site
# Keep test output quiet unless asked (TEST_LOG=1).
CARGO_TEST_FLAGS ?=
SERVER_PKGS := -p tessera -p tessera-app -p tessera-server -p migration -p tessera-stripe-sim
WASM_PKGS := -p tessera -p tessera-app -p tessera-frontend

.PHONY: run test setup build lint docs-check fmt test-rust test-sqlite test-postgres test-multi-instance e2e bench clean-test-dbs help

help:
	@sed -n '1,6p' Makefile

setup:
	@scripts/setup.sh

# --precompress writes a Brotli and a gzip copy beside every site file;
# --split puts lazy islands (`#[island(lazy)]`) in chunks of their own,
# fetched by the pages that have them. Skipped when this clone built the site last
# and none of its inputs changed since: cargo-leptos would re-run
# wasm-bindgen and the precompression (about 35 s) for nothing. The stamp
# is dated when the build starts, so an edit made during it still counts.
SITE_INPUTS := Cargo.toml Cargo.lock src app frontend server/src server/Cargo.toml \
	migration stripe-sim/src stripe-sim/Cargo.toml style public
SITE_STAMP := $(CARGO_TARGET_DIR)/site-built-for
build: setup
	@if [ -x "$(TESSERA_BIN)" ] && [ -d "$(LEPTOS_SITE_ROOT)/pkg" ] && [ -f "$(SITE_STAMP)" ] \
	  && [ "$$(cat "$(SITE_STAMP)")" = "$(CURDIR)" ] \
	  && [ -z "$$(find $(SITE_INPUTS) -newer "$(SITE_STAMP)" -print -quit)" ]; then \
	  echo "site unchanged since its last build here: not rebuilding"; \
	else \
	  rm -f "$(SITE_STAMP)"; \
	  echo "$(CURDIR)" > "$(SITE_STAMP).new"; \
	  cargo leptos build --release --precompress --split; \
	  mv "$(SITE_STAMP).new" "$(SITE_STAMP)"; \
	fi

# Served as localhost, not 127.0.0.1: browsers offer passkeys only to a
# host name.
run: build
	$(TESSERA_BIN) seed
	addr=$${LEPTOS_SITE_ADDR:-127.0.0.1:3000}; \
	PUBLIC_URL=$${PUBLIC_URL:-http://localhost:$${addr##*:}} $(TESSERA_BIN) serve

test: setup lint docs-check test-rust e2e
	@echo "make test: all green"

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy $(SERVER_PKGS) --all-targets -- -D warnings
	cargo clippy $(WASM_PKGS) --target wasm32-unknown-unknown -- -D warnings

# Markdown: lint, English spelling, and every relative link and anchor
# (tools pinned in package.json; the link checker checks itself first).
docs-check:
	markdownlint-cli2
	cspell --no-progress
	node scripts/check-links.mjs --self-test
	node scripts/check-links.mjs

test-rust: test-sqlite test-postgres

test-sqlite:
	@echo "== cargo test on SQLite =="
	env -u TEST_DATABASE_URL cargo test $(SERVER_PKGS) $(CARGO_TEST_FLAGS)
	@# Each test's SQLite file and mail folder (support.rs) go with the run.
	rm -rf "$${TMPDIR:-/tmp}/tessera-tests"

test-postgres:
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
	  echo "== cargo test on PostgreSQL ($${TEST_DATABASE_URL%%@*}@…) =="; \
	  cargo test -p tessera-server $(CARGO_TEST_FLAGS) -- --test-threads=2 --skip multi_instance; \
	  $(MAKE) --no-print-directory test-multi-instance; \
	  $(MAKE) --no-print-directory clean-test-dbs; \
	else echo "== PostgreSQL tests skipped: TEST_DATABASE_URL is not set =="; fi

# Two `tessera serve` processes on one PostgreSQL database: 200 members, 10
# seats, every webhook twice to both (server/tests/multi_instance.rs).
test-multi-instance:
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
	  echo "== multi-instance test on PostgreSQL =="; \
	  cargo test -p tessera-server --test multi_instance $(CARGO_TEST_FLAGS) -- --ignored --nocapture; \
	else echo "== multi-instance test skipped: TEST_DATABASE_URL is not set =="; fi

# Each PostgreSQL test makes its own database (tessera_t_*); drop them after.
clean-test-dbs:
	@scripts/drop-test-dbs.sh

e2e: build
	cd end2end && npx playwright test

bench: build
	scripts/bench.sh
	@echo
	@echo "== instructions per page (callgrind; steady across machines)"
	scripts/bench_instructions.sh
