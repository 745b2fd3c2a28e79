# Shared settings for the make targets. Sourced, not run.
# Reuse a build cache outside the clone when one exists (it is created if it does not).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partnerdesk/target}"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_LEPTOS_VERSION=0.3.10
export WASM_BINDGEN_VERSION=0.2.130
