//! The server reads its Leptos configuration where cargo-leptos reads it, the workspace's
//! `Cargo.toml` (`[[workspace.metadata.leptos]]`): one source, so the server serves what was built.

#[test]
fn the_server_reads_the_cargo_leptos_metadata() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let conf = leptos::prelude::get_configuration(Some(root.join("Cargo.toml").to_str().unwrap())).unwrap();
    assert_eq!(&*conf.leptos_options.output_name, "partnerdesk");
    assert_eq!(&*conf.leptos_options.site_pkg_dir, "pkg");
    assert_eq!(&*conf.leptos_options.site_root, "target/site");
    assert_eq!(conf.leptos_options.site_addr.to_string(), "127.0.0.1:3000");
}
