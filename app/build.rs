//! `sqlx::migrate!` embeds the migrations when `app` compiles: a new or changed migration file
//! must rebuild it, or the server would run without it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
