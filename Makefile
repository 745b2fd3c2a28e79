# PartnerDesk: two commands.
#   make run   installs what is missing, builds, migrates data/partnerdesk.db, loads demo data, serves
#   make test  runs every test: unit, integration (SQLite and PostgreSQL), end-to-end (Chromium),
#              and schemathesis against the REST API's OpenAPI document
#   make bench builds in release mode, seeds, runs the benchmarks and writes BENCHMARKS.md

.PHONY: run test setup unit e2e check api-fuzz bench

run:
	@scripts/run.sh

test: setup
	@scripts/postgres.sh
	@. scripts/env.sh && cargo test --workspace
	@scripts/e2e.sh
	@scripts/api-fuzz.sh

setup:
	@scripts/setup.sh

unit:
	@. scripts/env.sh && cargo test --workspace

e2e:
	@scripts/e2e.sh

check:
	@. scripts/env.sh && cargo check -p partnerdesk && for build in $$(sed -n 's/^\([a-z-]*\) = \["app\/.*/\1/p' staff-islands/Cargo.toml); do \
	  cargo check -p staff-islands --target wasm32-unknown-unknown --features $$build || exit 1; done

api-fuzz:
	@scripts/api-fuzz.sh

bench:
	@scripts/bench.sh
