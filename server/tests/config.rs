//! Leptos.toml (read by the server at run time) must match the cargo-leptos metadata in the
//! workspace Cargo.toml (read at build time).

#[test]
fn leptos_toml_agrees_with_cargo_metadata() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo: toml::Value = toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let leptos: toml::Value = toml::from_str(&std::fs::read_to_string(root.join("Leptos.toml")).unwrap()).unwrap();
    let from_cargo = &cargo["workspace"]["metadata"]["leptos"];
    let from_file = &leptos["workspace"]["metadata"]["leptos"];
    assert_eq!(from_cargo, from_file, "Leptos.toml and Cargo.toml [[workspace.metadata.leptos]] differ");
}

#[test]
fn the_server_reads_leptos_toml() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let conf = leptos::prelude::get_configuration(Some(root.join("Leptos.toml").to_str().unwrap())).unwrap();
    assert_eq!(&*conf.leptos_options.output_name, "partnerdesk");
    assert_eq!(&*conf.leptos_options.site_pkg_dir, "pkg");
}
