//! Security regression tests: each one performs an attack an outside review reproduced (issue
//! #25, `docs/security.md`) and asserts it fails, on SQLite and PostgreSQL like every other
//! integration test. One module per class of attack, in `security/`.

mod accounts;
mod limits;
mod registration;
mod users;
mod webhooks;
