//! The server side of the installable app: the build id, the service worker script that
//! embeds it with the files of that build, and the web app manifest.

use super::{BuildId, OFFLINE_PAGES, OFFLINE_PATH};
use crate::app::IslandsBuild;
use crate::i18n::{Key, Locale};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The icons of the manifest, in `public/icons/` (rendered by `scripts/icons.sh`).
pub const ICONS: &[(&str, &str, &str)] = &[
    ("/icons/icon-192.png", "192x192", "any"),
    ("/icons/icon-512.png", "512x512", "any"),
    ("/icons/maskable-192.png", "192x192", "maskable"),
    ("/icons/maskable-512.png", "512x512", "maskable"),
];

/// What this running build serves: its id and the files of its app shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildInfo {
    /// A hash of every file in the site's package folder (WebAssembly, JavaScript, CSS).
    pub id: String,
    /// The package files, as paths below the package folder (`partnerdesk.wasm`, …).
    pub files: Vec<String>,
    /// The package folder's URL path (`pkg`).
    pub pkg_path: String,
}

impl BuildInfo {
    /// Reads the package folder `<site_root>/<pkg>` and hashes every file in it (names and
    /// contents). Precompressed copies (`.br`, `.gz`) are served for their originals and are
    /// left out, as are wasm-bindgen's TypeScript declarations (`.d.ts`, never loaded). With
    /// `--split`, the files include every lazy page's WebAssembly chunk, so the worker keeps
    /// the whole app for offline use. A missing folder gives the id of an empty build.
    pub fn scan(site_root: &str, pkg: &str) -> BuildInfo {
        let dir = Path::new(site_root).join(pkg);
        let mut files = files_under(&dir);
        files.retain(|f| !f.ends_with(".br") && !f.ends_with(".gz") && !f.ends_with(".d.ts"));
        files.sort();
        let mut hasher = Sha256::new();
        for file in &files {
            hasher.update(file.as_bytes());
            hasher.update([0]);
            match std::fs::read(dir.join(file)) {
                Ok(bytes) => hasher.update(&bytes),
                Err(e) => {
                    tracing::warn!(file, error = %e, "cannot read a package file for the build id")
                }
            }
            hasher.update([0]);
        }
        let digest = hasher.finalize();
        let id = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        BuildInfo { id, files, pkg_path: pkg.trim_matches('/').to_string() }
    }

    pub fn build_id(&self) -> BuildId {
        BuildId(self.id.clone())
    }

    /// Every file the service worker stores at install: this build's package files under
    /// `/pkg/<build>/`, the icons and the manifest. (It keeps the offline page, `OFFLINE_PATH`,
    /// too, rendered for a stand-in page name it fills in when showing it: see sw.js.)
    pub fn precache(&self) -> Vec<String> {
        let mut urls = vec!["/manifest.webmanifest".to_string(), "/favicon.svg".to_string()];
        urls.extend(ICONS.iter().map(|(src, _, _)| src.to_string()));
        // Kept: what the pages that open offline load. Not the client's offer-page module (not
        // part of the staff's app, see offers::client::page), nor the islands builds of pages
        // that need a connection anyway.
        let left_out: Vec<&str> = std::iter::once(crate::offers::client::page::MODULE_NAME)
            .chain(IslandsBuild::ALL.into_iter().filter(|b| !b.works_offline()).map(IslandsBuild::module_name))
            .collect();
        let kept = |file: &str| {
            let stem = file.split('.').next().unwrap_or(file);
            !left_out.iter().any(|module| stem == *module || stem.starts_with(&format!("{module}_")))
        };
        urls.extend(self.files.iter().filter(|f| kept(f)).map(|f| format!("/{}/{}/{f}", self.pkg_path, self.id)));
        urls
    }

    /// The service worker script of this build.
    pub fn service_worker(&self) -> String {
        include_str!("sw.js")
            .replace("__BUILD__", &json(&self.id))
            .replace("__PRECACHE__", &json(&self.precache()))
            .replace("__OFFLINE_PAGES__", &json(OFFLINE_PAGES))
            .replace("__OFFLINE_PATH__", &json(OFFLINE_PATH))
    }
}

/// A value written into the script as JSON (strings and lists of strings).
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Every file under `dir`, as paths relative to it with `/` between folders, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(root, &path, out);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
            out.push(parts.join("/"));
        }
    }
}

/// The web app manifest in `locale`.
pub fn manifest(locale: Locale) -> serde_json::Value {
    let icons: Vec<serde_json::Value> = ICONS
        .iter()
        .map(|(src, sizes, purpose)| serde_json::json!({ "src": src, "sizes": sizes, "type": "image/png", "purpose": purpose }))
        .collect();
    serde_json::json!({
        "id": "/",
        "name": locale.t(Key::AppName),
        "short_name": locale.t(Key::AppName),
        "description": locale.t(Key::ManifestDescription),
        "lang": locale.tag(),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f4c81",
        "icons": icons,
        "shortcuts": [
            { "name": locale.t(Key::NavCreateOffer), "url": "/offers/new" },
            { "name": locale.t(Key::AddNewCustomer), "url": "/customers/new" },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_embeds_its_build_and_files() {
        let files = ["offer-form.js", "offer-form_bg.wasm", "partnerdesk.wasm", "offer-wizard.wasm", "settings-pages.js", "settings-pages.wasm"];
        let files = files.into_iter().map(String::from).collect();
        let build = BuildInfo { id: "abc123".into(), files, pkg_path: "pkg".into() };
        let script = build.service_worker();
        assert!(script.contains(r#"const BUILD = "abc123";"#));
        assert!(script.contains(r#""/pkg/abc123/partnerdesk.wasm""#));
        assert!(script.contains(r#""/pkg/abc123/offer-wizard.wasm""#), "the wizard opens offline");
        assert!(!script.contains("offer-form"), "the client's offer-page module is not the staff's to keep");
        assert!(!script.contains("settings-pages"), "the Settings pages need a connection: their build is not kept");
        assert!(script.contains(r#""/offers/new""#));
        assert!(script.contains(r#"const OFFLINE_URL = "/offline";"#));
        for placeholder in ["__BUILD__", "__PRECACHE__", "__OFFLINE_PAGES__", "__OFFLINE_PATH__"] {
            assert!(!script.contains(placeholder), "{placeholder} is filled");
        }
    }

    #[test]
    fn the_manifest_is_installable_in_every_language() {
        for locale in Locale::ALL {
            let m = manifest(locale);
            assert_eq!(m["display"], "standalone");
            assert_eq!(m["start_url"], "/");
            let purposes: Vec<(&str, &str)> =
                m["icons"].as_array().unwrap().iter().map(|i| (i["sizes"].as_str().unwrap(), i["purpose"].as_str().unwrap())).collect();
            for size in ["192x192", "512x512"] {
                assert!(purposes.contains(&(size, "any")) && purposes.contains(&(size, "maskable")), "{size}");
            }
        }
    }
}
