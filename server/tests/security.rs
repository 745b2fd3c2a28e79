//! Security regression tests: each one performs an attack an outside review reproduced (issue
//! #25, `docs/security.md`) and asserts it fails, on SQLite and PostgreSQL like every other
//! integration test. One module per class of attack, in `security/`.

mod common;

// A crate root's `mod x;` is looked up beside it (tests/x.rs), not in tests/security/.
#[path = "security/accounts.rs"]
mod accounts;
#[path = "security/limits.rs"]
mod limits;
#[path = "security/registration.rs"]
mod registration;
#[path = "security/users.rs"]
mod users;
#[path = "security/webhooks.rs"]
mod webhooks;
