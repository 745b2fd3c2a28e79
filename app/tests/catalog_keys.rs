//! Every key of the translation catalog is used somewhere in the app's code: a key nobody
//! shows is a translation nobody maintains. (Missing languages are compile errors already.)

use app::i18n::Key;
use std::path::Path;

fn sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.ends_with("i18n.rs")
            && !path.ends_with("i18n/texts.rs")
            && !path.ends_with("i18n/mod.rs")
        {
            out.push_str(&std::fs::read_to_string(&path).expect("source file"));
        }
    }
}

#[test]
fn every_catalog_key_is_used() {
    let mut code = String::new();
    let app = Path::new(env!("CARGO_MANIFEST_DIR"));
    sources(&app.join("src"), &mut code);
    // The domain's errors, roles and formats name their texts.
    sources(&app.join("../domain/src"), &mut code);
    // The server's own layers word a few refusals too.
    sources(&app.join("../server/src"), &mut code);
    // The client's offer page in the browser (crate offer-form).
    sources(&app.join("../offer-form/src"), &mut code);
    let unused: Vec<&str> = Key::ALL
        .iter()
        .map(|k| k.name())
        .filter(|name| {
            let used = code.match_indices(name).any(|(at, _)| {
                let before = &code[..at];
                let after = code[at + name.len()..].chars().next();
                before.ends_with("Key::") && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            !used
        })
        .collect();
    assert!(unused.is_empty(), "catalog keys used nowhere: {unused:?}");
}
