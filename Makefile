# PartnerDesk: two commands.
#   make run   installs what is missing, builds, migrates data/partnerdesk.db, loads demo data, serves
#   make test  runs every check: formatting and clippy, unit and integration tests (SQLite and
#              PostgreSQL), end-to-end (Chromium) and schemathesis against the REST API's OpenAPI
#              document, on one build of the site
#   make bench builds in release mode, seeds, runs the benchmarks and writes BENCHMARKS.md

.PHONY: run test setup lint unit e2e check api-fuzz bench

run:
	@scripts/run.sh

test: setup lint
	@scripts/postgres.sh
	@. scripts/env.sh && cargo test --workspace
	@scripts/build-site.sh
	@E2E_SKIP_BUILD=1 scripts/e2e.sh
	@API_FUZZ_SKIP_BUILD=1 scripts/api-fuzz.sh

# The habits CI enforces: formatting, and clippy with every warning an error (the workspace's
# lints included: unsafe code is forbidden). The WebAssembly builds are compiled by the site's
# build in scripts/e2e.sh.
lint:
	@. scripts/env.sh && cargo fmt --all --check
	@. scripts/env.sh && cargo clippy --workspace --all-targets -- -D warnings

setup:
	@scripts/setup.sh

unit:
	@. scripts/env.sh && cargo test --workspace

e2e:
	@scripts/e2e.sh

check:
	@. scripts/env.sh && cargo build -q -p partnerdesk && "$$CARGO_TARGET_DIR/debug/partnerdesk" builds | while read -r name feature site; do \
	  echo "==> $$name"; cargo check -q -p staff-islands --target wasm32-unknown-unknown --features "$$feature" || exit 1; done

api-fuzz:
	@scripts/api-fuzz.sh

bench:
	@scripts/bench.sh
