//! Security regression tests: each one performs an attack an outside review reproduced (issue
//! #25, `docs/security.md`) and asserts it fails, on SQLite and PostgreSQL like every other
//! integration test. One module per class of attack, in `security/`.

mod common;

// A test crate's root looks for `mod x;` beside itself (server/tests/x.rs, which may be another
// test), so each module names its file.
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
