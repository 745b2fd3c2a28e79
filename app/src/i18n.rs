//! The translation catalog (crate `domain`, [`domain::i18n`]) and its Leptos glue: the page's
//! language as a signal, and reactive texts for views.

pub use domain::i18n::*;

/// The language of the page, shared by every component.
#[derive(Clone, Copy)]
pub struct LocaleContext(pub leptos::prelude::RwSignal<Locale>);

/// The page's language signal. An island of a page served whole has no app shell to provide
/// it: it reads the page's language (`<html lang>`).
pub fn use_locale() -> leptos::prelude::RwSignal<Locale> {
    use leptos::prelude::*;
    use_context::<LocaleContext>().map(|c| c.0).unwrap_or_else(|| RwSignal::new(crate::app::initial_locale()))
}

/// The language a page title reads. In the browser it is the live signal, so the title follows
/// a language switch; on the server it is the language when the page was built, because the
/// head is written after the request's reactive arena is gone and reading a signal then panics
/// (found by the fuzzer, server/tests/it/fuzz.rs).
pub fn title_locale(locale: leptos::prelude::RwSignal<Locale>) -> impl Fn() -> Locale + Copy + Send + Sync + 'static {
    use leptos::prelude::*;
    let built = locale.get_untracked();
    move || {
        if cfg!(feature = "ssr") {
            built
        } else {
            locale.get()
        }
    }
}

/// A reactive text for `key`: use it directly in a view or as an attribute value.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    use leptos::prelude::*;
    let locale = use_locale();
    move || key.text(locale.get())
}
