# Shared settings for the make targets. Sourced, not run.
# Reuse a build cache outside the clone when one exists (it is created if it does not).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partnerdesk/target}"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_LEPTOS_VERSION=0.3.10
export WASM_BINDGEN_VERSION=0.2.130
# cargo-leptos builds the server with LEPTOS_OUTPUT_NAME set, and Leptos reads it when it is
# compiled: without it, a plain `cargo test` relinks target/debug/partnerdesk into a binary
# whose pages ask for `partnerdesk_bg.wasm`. Every build gets the same name, from Cargo.toml.
LEPTOS_OUTPUT_NAME="$(sed -n 's/^output-name *= *"\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
export LEPTOS_OUTPUT_NAME
