//! The translation catalog: every visible string of PartnerDesk, in English, Dutch, French and
//! Brazilian Portuguese.
//!
//! Each entry names its four texts; a missing language is a compile error, so no page can ever
//! show a half-translated label. Texts may hold `{name}` placeholders filled by [`Locale::fill`].

use serde::{Deserialize, Serialize};

/// A language PartnerDesk is available in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Nl,
    Fr,
    PtBr,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Nl, Locale::Fr, Locale::PtBr];

    /// The BCP 47 tag, as used in `<html lang>` and in the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Nl => "nl",
            Locale::Fr => "fr",
            Locale::PtBr => "pt-BR",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Nl => "Nederlands",
            Locale::Fr => "Français",
            Locale::PtBr => "Português (Brasil)",
        }
    }

    /// Parses a tag such as `fr`, `fr-BE`, `pt-br` or `nl_NL`; any Portuguese maps to pt-BR.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "nl" => Some(Locale::Nl),
            "fr" => Some(Locale::Fr),
            "pt" => Some(Locale::PtBr),
            _ => None,
        }
    }

    /// Picks the best language from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut candidates: Vec<(f32, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?;
                let quality = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
                Locale::from_tag(tag).map(|l| (quality, position, l))
            })
            .filter(|(q, _, _)| *q > 0.0)
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.first().map(|c| c.2)
    }

    /// The text of `key` in this language.
    pub fn t(self, key: Key) -> &'static str {
        key.text(self)
    }

    /// The text of `key` with its `{name}` placeholders replaced.
    pub fn fill(self, key: Key, values: &[(&str, &str)]) -> String {
        Texts::fill_in(&self, key, values)
    }
}

/// Where a message finds its texts: the whole catalog (a [`Locale`]) or the few texts a page
/// carries with it ([`TextSet`]). Messages take `&dyn Texts`, so code that only ever asks a
/// [`TextSet`] (the offer page's module) never links the four-language catalog.
pub trait Texts {
    /// The language the texts are in (numbers are written its way).
    fn locale(&self) -> Locale;
    /// The text of `key`.
    fn text(&self, key: Key) -> &str;
    /// The text of `key` with its `{name}` placeholders replaced.
    fn fill_in(&self, key: Key, values: &[(&str, &str)]) -> String {
        let mut text = self.text(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

impl Texts for Locale {
    fn locale(&self) -> Locale {
        *self
    }
    fn text(&self, key: Key) -> &str {
        key.text(*self)
    }
}

/// Some of the catalog's texts in one language, as a page carries them to code in the browser
/// that must not load the whole catalog. Keys travel as their index in [`Key::ALL`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSet {
    pub locale: Locale,
    texts: Vec<(u16, String)>,
}

impl TextSet {
    /// The texts of `locale` that `uses` asks for (recorded while it runs).
    pub fn recording(locale: Locale, uses: impl FnOnce(&dyn Texts)) -> TextSet {
        struct Recorder(Locale, std::cell::RefCell<Vec<Key>>);
        impl Texts for Recorder {
            fn locale(&self) -> Locale {
                self.0
            }
            fn text(&self, key: Key) -> &str {
                self.1.borrow_mut().push(key);
                key.text(self.0)
            }
        }
        let recorder = Recorder(locale, Default::default());
        uses(&recorder);
        let mut keys = recorder.1.into_inner();
        keys.push(FALLBACK_KEY);
        keys.sort_by_key(|k| *k as u16);
        keys.dedup();
        TextSet { locale, texts: keys.into_iter().map(|k| (k as u16, k.text(locale).to_string())).collect() }
    }

    /// Whether the set holds `key`'s text.
    pub fn has(&self, key: Key) -> bool {
        self.texts.iter().any(|(k, _)| *k == key as u16)
    }
}

/// The script a page served whole loads before its islands: every text of the catalog in one
/// language, in [`Key::ALL`]'s order, as the global [`PAGE_TEXTS_GLOBAL`]. A file of the build
/// (`/pkg/<build>/`[`page_texts_file`]), written by `partnerdesk texts` when the site is built.
#[cfg(not(feature = "page-texts"))]
pub fn page_texts_script(locale: Locale) -> String {
    let texts: Vec<&str> = Key::ALL.iter().map(|k| k.text(locale)).collect();
    let json = serde_json::to_string(&texts).unwrap_or_else(|_| "[]".to_string());
    format!("self.{PAGE_TEXTS_GLOBAL}={json};\n")
}

/// The name of [`page_texts_script`]'s file for `locale` in the build's package folder.
pub fn page_texts_file(locale: Locale) -> String {
    format!("texts-{}.js", locale.tag())
}

/// The global that holds the page's texts (see [`page_texts_script`]).
pub const PAGE_TEXTS_GLOBAL: &str = "partnerdeskTexts";

/// The page's texts in the islands build, read once from [`PAGE_TEXTS_GLOBAL`]. A text the
/// page did not bring (its script failed to load) is empty.
#[cfg(feature = "page-texts")]
mod page_texts {
    use wasm_bindgen::JsCast;

    thread_local! {
        static TEXTS: Vec<&'static str> = load();
    }

    fn load() -> Vec<&'static str> {
        let global = js_sys::Reflect::get(&js_sys::global(), &super::PAGE_TEXTS_GLOBAL.into()).ok();
        let Some(array) = global.and_then(|g| g.dyn_into::<js_sys::Array>().ok()) else {
            return Vec::new();
        };
        // Kept for the page's lifetime, as the catalog's texts are in the other builds.
        array.iter().map(|text| &*Box::leak(text.as_string().unwrap_or_default().into_boxed_str())).collect()
    }

    pub fn text(index: usize) -> &'static str {
        TEXTS.with(|texts| texts.get(index).copied().unwrap_or_default())
    }
}

/// Shown for a key a [`TextSet`] was not given (a test checks each page's set is complete).
const FALLBACK_KEY: Key = Key::ServerErrorText;

impl Texts for TextSet {
    fn locale(&self) -> Locale {
        self.locale
    }
    fn text(&self, key: Key) -> &str {
        let find = |key: Key| self.texts.iter().find(|(k, _)| *k == key as u16).map(|(_, t)| t.as_str());
        find(key).or_else(|| find(FALLBACK_KEY)).unwrap_or_default()
    }
}

macro_rules! catalog {
    ($($key:ident { en: $en:literal, nl: $nl:literal, fr: $fr:literal, pt: $pt:literal $(,)? })*) => {
        /// A translation key: one visible string in four languages.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, for the catalog tests.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The key's text in `locale`.
            #[cfg(not(feature = "page-texts"))]
            pub fn text(self, locale: Locale) -> &'static str {
                match self {
                    $(Key::$key => match locale {
                        Locale::En => $en,
                        Locale::Nl => $nl,
                        Locale::Fr => $fr,
                        Locale::PtBr => $pt,
                    }),*
                }
            }

            /// The key's text in the page's language. The islands build carries no catalog:
            /// its pages load their language's texts ([`page_texts_script`]) before it starts,
            /// and a language switch loads the page again.
            #[cfg(feature = "page-texts")]
            pub fn text(self, _page_language: Locale) -> &'static str {
                page_texts::text(self as usize)
            }

            /// The key's name as written in the source, for the unused-key test.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => stringify!($key)),* }
            }
        }
    };
}

// The catalog itself: every text, in its own file.
mod texts;
pub use texts::Key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality_supported_language() {
        assert_eq!(Locale::from_accept_language("de-DE,fr;q=0.8,en;q=0.5"), Some(Locale::Fr));
        assert_eq!(Locale::from_accept_language("pt-PT, en;q=0.1"), Some(Locale::PtBr));
        assert_eq!(Locale::from_accept_language("nl-BE;q=0.3, en-GB;q=0.9"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("de, es"), None);
        assert_eq!(Locale::from_accept_language("fr;q=0"), None);
    }

    #[test]
    fn the_address_can_name_the_language() {
        assert_eq!(locale_from_query(Some("lang=pt-BR")), Some(Locale::PtBr));
        assert_eq!(locale_from_query(Some("attempt=x&lang=nl")), Some(Locale::Nl));
        assert_eq!(locale_from_query(Some("lang=de")), None, "an unknown language falls back to the cookie");
        assert_eq!(locale_from_query(Some("language=fr")), None);
        assert_eq!(locale_from_query(None), None);
    }

    #[test]
    fn a_page_texts_script_holds_its_language_by_key_index() {
        for locale in Locale::ALL {
            let script = page_texts_script(locale);
            let json = script
                .strip_prefix(&format!("self.{PAGE_TEXTS_GLOBAL}="))
                .and_then(|rest| rest.trim_end().strip_suffix(';'))
                .expect("an assignment to the global");
            let texts: Vec<String> = serde_json::from_str(json).expect("a JSON array");
            assert_eq!(texts.len(), Key::ALL.len());
            for (index, key) in Key::ALL.iter().enumerate() {
                // The islands build looks a text up by the key's discriminant.
                assert_eq!(*key as usize, index, "{key:?}");
                assert_eq!(texts[index], key.text(locale), "{key:?} in {locale:?}");
            }
        }
        assert_eq!(page_texts_file(Locale::PtBr), "texts-pt-BR.js");
    }

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn no_translation_is_empty_and_placeholders_match_english() {
        for key in Key::ALL {
            let english = key.text(Locale::En);
            let placeholders = |s: &str| {
                let mut names: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split('}').next().map(str::to_string)).collect();
                names.sort();
                names
            };
            for locale in Locale::ALL {
                let text = key.text(locale);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {locale:?}");
                assert_eq!(placeholders(text), placeholders(english), "{key:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(Locale::En.fill(Key::ErrLicenseRange, &[("min", "1"), ("max", "300")]), "Enter a whole number from 1 to 300.");
    }
}

/// The language a page's address names (`?lang=pt-BR`), which wins over the cookie: the client's
/// offer page inside a partner's website may not get to keep its cookie.
pub fn locale_from_query(query: Option<&str>) -> Option<Locale> {
    query?.split('&').filter_map(|pair| pair.split_once('=')).find(|(name, _)| *name == "lang").and_then(|(_, tag)| Locale::from_tag(tag))
}

/// The language a request asks for: the `lang` cookie, then `Accept-Language`, then English.
pub fn locale_from_headers(cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
    cookie
        .and_then(|c| {
            c.split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == LANGUAGE_COOKIE)
                .and_then(|(_, value)| Locale::from_tag(value))
        })
        .or_else(|| accept_language.and_then(Locale::from_accept_language))
        .unwrap_or_default()
}

/// The cookie that remembers the language a person chose.
pub const LANGUAGE_COOKIE: &str = "lang";

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn cookie_wins_over_accept_language() {
        assert_eq!(locale_from_headers(Some("a=b; lang=nl"), Some("fr")), Locale::Nl);
        assert_eq!(locale_from_headers(Some("a=b"), Some("fr-CA,en;q=0.5")), Locale::Fr);
        assert_eq!(locale_from_headers(None, None), Locale::En);
        assert_eq!(locale_from_headers(Some("lang=xx"), Some("pt-BR")), Locale::PtBr);
    }
}
