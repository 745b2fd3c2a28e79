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
#[cfg(not(feature = "islands-only"))]
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
#[cfg(feature = "islands-only")]
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
            #[cfg(not(feature = "islands-only"))]
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
            #[cfg(feature = "islands-only")]
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

catalog! {
    AppName { en: "PartnerDesk", nl: "PartnerDesk", fr: "PartnerDesk", pt: "PartnerDesk" }
    SkipToContent { en: "Skip to content", nl: "Naar inhoud", fr: "Aller au contenu", pt: "Pular para o conteúdo" }
    MainMenu { en: "Partner Center menu", nl: "Partnercentrum-menu", fr: "Menu de l'Espace partenaires", pt: "Menu do Partner Center" }
    OpenMenu { en: "Menu", nl: "Menu", fr: "Menu", pt: "Menu" }
    NavSettings { en: "Settings", nl: "Instellingen", fr: "Paramètres", pt: "Configurações" }
    NavCustomers { en: "Customers", nl: "Klanten", fr: "Clients", pt: "Clientes" }
    NavIndirectResellers { en: "Indirect resellers", nl: "Indirecte resellers", fr: "Revendeurs indirects", pt: "Revendedores indiretos" }
    NavIndirectProviders { en: "Indirect providers", nl: "Indirecte providers", fr: "Fournisseurs indirects", pt: "Provedores indiretos" }
    NavTrialsAndOffers { en: "Trials and purchase offers", nl: "Proefversies en aankoopaanbiedingen", fr: "Offres d'évaluation et d'achat", pt: "Avaliações e ofertas de compra" }
    NavCreateOffer { en: "Create offer", nl: "Aanbieding maken", fr: "Créer une offre", pt: "Criar oferta" }
    NavLocations { en: "Partner offices", nl: "Partnerkantoren", fr: "Bureaux partenaires", pt: "Escritórios do parceiro" }
    NavUsers { en: "Users", nl: "Gebruikers", fr: "Utilisateurs", pt: "Usuários" }
    NavAuditLog { en: "Audit log", nl: "Auditlogboek", fr: "Journal d'audit", pt: "Log de auditoria" }
    Language { en: "Language", nl: "Taal", fr: "Langue", pt: "Idioma" }
    SignIn { en: "Sign in", nl: "Aanmelden", fr: "Se connecter", pt: "Entrar" }
    SignOut { en: "Sign out", nl: "Afmelden", fr: "Se déconnecter", pt: "Sair" }
    SignInTitle { en: "Sign in to PartnerDesk", nl: "Aanmelden bij PartnerDesk", fr: "Connexion à PartnerDesk", pt: "Entrar no PartnerDesk" }
    SignInIntro { en: "Use the email address and password of your partner account.", nl: "Gebruik het e-mailadres en wachtwoord van uw partneraccount.", fr: "Utilisez l'adresse e-mail et le mot de passe de votre compte partenaire.", pt: "Use o email e a senha da sua conta de parceiro." }
    Email { en: "Email", nl: "E-mail", fr: "E-mail", pt: "Email" }
    Password { en: "Password", nl: "Wachtwoord", fr: "Mot de passe", pt: "Senha" }
    SignedInAs { en: "Signed in as {name}", nl: "Aangemeld als {name}", fr: "Connecté en tant que {name}", pt: "Conectado como {name}" }
    WrongCredentials { en: "That email and password do not match an account. Check both and try again.", nl: "Dit e-mailadres en wachtwoord horen niet bij een account. Controleer beide en probeer het opnieuw.", fr: "Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte. Vérifiez-les et réessayez.", pt: "Esse email e essa senha não correspondem a uma conta. Verifique os dois e tente novamente." }
    TooManyAttempts { en: "Too many failed sign-ins for this account. Wait {minutes} minutes and try again.", nl: "Te veel mislukte aanmeldingen voor dit account. Wacht {minutes} minuten en probeer het opnieuw.", fr: "Trop de tentatives de connexion échouées pour ce compte. Attendez {minutes} minutes et réessayez.", pt: "Muitas tentativas de entrada com falha nesta conta. Aguarde {minutes} minutos e tente novamente." }
    RateLimited { en: "Too many requests from your network. Wait {seconds} seconds and try again.", nl: "Te veel verzoeken vanaf uw netwerk. Wacht {seconds} seconden en probeer het opnieuw.", fr: "Trop de requêtes depuis votre réseau. Attendez {seconds} secondes et réessayez.", pt: "Muitas solicitações a partir da sua rede. Aguarde {seconds} segundos e tente novamente." }
    Welcome { en: "Welcome, {name}", nl: "Welkom, {name}", fr: "Bienvenue, {name}", pt: "Bem-vindo(a), {name}" }
    HomeIntro { en: "Choose a task from the Partner Center menu.", nl: "Kies een taak in het Partnercentrum-menu.", fr: "Choisissez une tâche dans le menu de l'Espace partenaires.", pt: "Escolha uma tarefa no menu do Partner Center." }
    YourOrganisation { en: "Organisation", nl: "Organisatie", fr: "Organisation", pt: "Organização" }
    YourRoles { en: "Your roles", nl: "Uw rollen", fr: "Vos rôles", pt: "Suas funções" }
    Programs { en: "Programs", nl: "Programma's", fr: "Programmes", pt: "Programas" }

    // Languages: countries, numbers, dates, language choices (#8).
    // (end of #8 keys)

    LandingTitle { en: "The partner portal for cloud resellers", nl: "Het partnerportaal voor cloudresellers", fr: "Le portail partenaires des revendeurs cloud", pt: "O portal de parceiros para revendedores de nuvem" }
    LandingIntro { en: "Advisors create purchase offers for their clients; indirect providers work with their indirect resellers and customers.", nl: "Adviseurs maken aankoopaanbiedingen voor hun klanten; indirecte providers werken samen met hun indirecte resellers en klanten.", fr: "Les conseillers créent des offres d'achat pour leurs clients ; les fournisseurs indirects travaillent avec leurs revendeurs indirects et leurs clients.", pt: "Consultores criam ofertas de compra para seus clientes; provedores indiretos trabalham com seus revendedores indiretos e clientes." }
    RoleGlobalAdmin { en: "Global admin", nl: "Globale beheerder", fr: "Administrateur général", pt: "Administrador global" }
    RoleUserManagementAdmin { en: "User management admin", nl: "Beheerder gebruikersbeheer", fr: "Administrateur de gestion des utilisateurs", pt: "Administrador de gerenciamento de usuários" }
    RoleAdminAgent { en: "Admin agent", nl: "Beheeragent", fr: "Agent d'administration", pt: "Agente administrador" }
    RoleSalesAgent { en: "Sales agent", nl: "Verkoopagent", fr: "Agent commercial", pt: "Agente de vendas" }
    RoleAdvisor { en: "Advisor", nl: "Adviseur", fr: "Conseiller", pt: "Consultor" }
    ProgramAdvisor { en: "Subscription advisor", nl: "Abonnementsadviseur", fr: "Conseiller en abonnements", pt: "Consultor de assinaturas" }
    ProgramIndirectProvider { en: "Indirect provider", nl: "Indirecte provider", fr: "Fournisseur indirect", pt: "Provedor indireto" }
    ProgramIndirectReseller { en: "Indirect reseller", nl: "Indirecte reseller", fr: "Revendeur indirect", pt: "Revendedor indireto" }
    NotFoundTitle { en: "Page not found", nl: "Pagina niet gevonden", fr: "Page introuvable", pt: "Página não encontrada" }
    NotFoundText { en: "There is no page at this address. Check the link, or go back to the start page.", nl: "Op dit adres staat geen pagina. Controleer de link of ga terug naar de startpagina.", fr: "Aucune page à cette adresse. Vérifiez le lien ou revenez à la page d'accueil.", pt: "Não há página neste endereço. Verifique o link ou volte à página inicial." }
    ForbiddenTitle { en: "Not available to your account", nl: "Niet beschikbaar voor uw account", fr: "Non disponible pour votre compte", pt: "Não disponível para sua conta" }
    ForbiddenText { en: "This page needs a role your account does not have: {roles}. Ask a Global admin of your organisation to give it to you.", nl: "Voor deze pagina is een rol nodig die uw account niet heeft: {roles}. Vraag een globale beheerder van uw organisatie om deze rol.", fr: "Cette page nécessite un rôle que votre compte n'a pas : {roles}. Demandez-le à un administrateur général de votre organisation.", pt: "Esta página exige uma função que sua conta não tem: {roles}. Peça a um administrador global da sua organização." }
    ForbiddenProgram { en: "This page is for organisations in the {program} program, and yours is not enrolled in it.", nl: "Deze pagina is voor organisaties in het programma {program}, en uw organisatie neemt daar niet aan deel.", fr: "Cette page est réservée aux organisations du programme {program}, auquel la vôtre n'est pas inscrite.", pt: "Esta página é para organizações do programa {program}, e a sua não está inscrita nele." }
    ServerErrorText { en: "PartnerDesk could not complete this request. Nothing was changed. Try again in a moment.", nl: "PartnerDesk kon dit verzoek niet voltooien. Er is niets gewijzigd. Probeer het zo opnieuw.", fr: "PartnerDesk n'a pas pu traiter cette demande. Rien n'a été modifié. Réessayez dans un instant.", pt: "O PartnerDesk não conseguiu concluir esta solicitação. Nada foi alterado. Tente novamente em instantes." }
    NotSignedIn { en: "Your session has ended. Sign in again to continue.", nl: "Uw sessie is beëindigd. Meld u opnieuw aan om door te gaan.", fr: "Votre session a expiré. Reconnectez-vous pour continuer.", pt: "Sua sessão terminou. Entre novamente para continuar." }
    BackHome { en: "Go to the start page", nl: "Naar de startpagina", fr: "Aller à la page d'accueil", pt: "Ir para a página inicial" }
    Loading { en: "Loading…", nl: "Laden…", fr: "Chargement…", pt: "Carregando…" }
    Next { en: "Next", nl: "Volgende", fr: "Suivant", pt: "Avançar" }
    Back { en: "Back", nl: "Terug", fr: "Retour", pt: "Voltar" }
    Cancel { en: "Cancel", nl: "Annuleren", fr: "Annuler", pt: "Cancelar" }
    Submit { en: "Submit", nl: "Verzenden", fr: "Envoyer", pt: "Enviar" }
    Save { en: "Save", nl: "Opslaan", fr: "Enregistrer", pt: "Salvar" }
    Done { en: "Done", nl: "Gereed", fr: "Terminé", pt: "Concluído" }
    Yes { en: "Yes", nl: "Ja", fr: "Oui", pt: "Sim" }
    No { en: "No", nl: "Nee", fr: "Non", pt: "Não" }
    Search { en: "Search", nl: "Zoeken", fr: "Rechercher", pt: "Pesquisar" }
    CopyToClipboard { en: "Copy to clipboard", nl: "Kopiëren naar klembord", fr: "Copier dans le Presse-papiers", pt: "Copiar para a área de transferência" }
    Copied { en: "Copied", nl: "Gekopieerd", fr: "Copié", pt: "Copiado" }
    OpenInEmail { en: "Open in email", nl: "Openen in e-mail", fr: "Ouvrir dans la messagerie", pt: "Abrir no email" }
    PreviousPage { en: "Previous page", nl: "Vorige pagina", fr: "Page précédente", pt: "Página anterior" }
    NextPage { en: "Next page", nl: "Volgende pagina", fr: "Page suivante", pt: "Próxima página" }
    PageOf { en: "Page {page} of {pages}", nl: "Pagina {page} van {pages}", fr: "Page {page} sur {pages}", pt: "Página {page} de {pages}" }
    FixErrorsBelow { en: "Some fields need attention. Each one says what to change.", nl: "Sommige velden moeten worden aangepast. Bij elk veld staat wat er moet veranderen.", fr: "Certains champs sont à corriger. Chacun indique ce qu'il faut modifier.", pt: "Alguns campos precisam de atenção. Cada um diz o que mudar." }
    // Validation messages (shared by browser and server).
    ErrRequired { en: "Enter a value.", nl: "Vul een waarde in.", fr: "Saisissez une valeur.", pt: "Informe um valor." }
    ErrTooLong { en: "Use at most {max} characters.", nl: "Gebruik maximaal {max} tekens.", fr: "Utilisez au maximum {max} caractères.", pt: "Use no máximo {max} caracteres." }
    ErrEmail { en: "Enter an email address like name@example.com.", nl: "Vul een e-mailadres in zoals naam@voorbeeld.nl.", fr: "Saisissez une adresse e-mail comme nom@exemple.fr.", pt: "Informe um email como nome@exemplo.com.br." }
    ErrCountry { en: "Choose a country or region from the list (for example GB or United Kingdom).", nl: "Kies een land of regio uit de lijst (bijvoorbeeld NL of Nederland).", fr: "Choisissez un pays ou une région dans la liste (par exemple FR ou France).", pt: "Escolha um país ou região da lista (por exemplo BR ou Brasil)." }
    ErrNumeric { en: "Use digits only.", nl: "Gebruik alleen cijfers.", fr: "Utilisez uniquement des chiffres.", pt: "Use apenas dígitos." }
    ErrMpnId { en: "An MPN ID is a number of 6 to 10 digits, like 1234567.", nl: "Een MPN-id is een getal van 6 tot 10 cijfers, zoals 1234567.", fr: "Un ID MPN est un nombre de 6 à 10 chiffres, comme 1234567.", pt: "Um ID MPN é um número de 6 a 10 dígitos, como 1234567." }
    ErrLicenseRange { en: "Enter a whole number from {min} to {max}.", nl: "Vul een geheel getal in van {min} tot {max}.", fr: "Saisissez un nombre entier de {min} à {max}.", pt: "Informe um número inteiro de {min} a {max}." }
    ErrDuplicateSubscription { en: "This subscription is in the order twice. Keep one line and set its license count.", nl: "Dit abonnement staat twee keer in de bestelling. Houd één regel en stel het aantal licenties daar in.", fr: "Cet abonnement figure deux fois dans la commande. Gardez une ligne et indiquez-y le nombre de licences.", pt: "Esta assinatura está no pedido duas vezes. Mantenha uma linha e defina nela a quantidade de licenças." }
    ErrNoSubscription { en: "Check at least one subscription.", nl: "Vink ten minste één abonnement aan.", fr: "Cochez au moins un abonnement.", pt: "Marque pelo menos uma assinatura." }
    ErrSubscriptionNotAvailable { en: "This subscription is not available in the chosen usage location.", nl: "Dit abonnement is niet beschikbaar op de gekozen gebruikslocatie.", fr: "Cet abonnement n'est pas disponible pour l'emplacement d'utilisation choisi.", pt: "Esta assinatura não está disponível no local de uso escolhido." }
    ErrOffice { en: "Choose one of your partner offices.", nl: "Kies een van uw partnerkantoren.", fr: "Choisissez l'un de vos bureaux partenaires.", pt: "Escolha um dos seus escritórios de parceiro." }
    ErrNotCertified { en: "Your organisation is not certified to offer delegated administration.", nl: "Uw organisatie is niet gecertificeerd om gedelegeerd beheer aan te bieden.", fr: "Votre organisation n'est pas certifiée pour proposer l'administration déléguée.", pt: "Sua organização não é certificada para oferecer administração delegada." }
    ErrGdapNameTaken { en: "You already use this name for another relationship. Choose a different name.", nl: "Deze naam gebruikt u al voor een andere relatie. Kies een andere naam.", fr: "Ce nom est déjà utilisé pour une autre relation. Choisissez-en un autre.", pt: "Você já usa este nome em outra relação. Escolha outro nome." }
    ErrGdapDuration { en: "Choose a duration from 1 day to 2 years (730 days).", nl: "Kies een duur van 1 dag tot 2 jaar (730 dagen).", fr: "Choisissez une durée de 1 jour à 2 ans (730 jours).", pt: "Escolha uma duração de 1 dia a 2 anos (730 dias)." }
    ErrGdapRoles { en: "Pick at least one role for the relationship.", nl: "Kies ten minste één rol voor de relatie.", fr: "Choisissez au moins un rôle pour la relation.", pt: "Escolha pelo menos uma função para a relação." }
    ErrNotFound { en: "This record does not exist, or it belongs to another organisation.", nl: "Dit record bestaat niet of hoort bij een andere organisatie.", fr: "Cet élément n'existe pas ou appartient à une autre organisation.", pt: "Este registro não existe ou pertence a outra organização." }
    ErrForbiddenRole { en: "Your account does not have the role needed for this: {roles}.", nl: "Uw account heeft niet de rol die hiervoor nodig is: {roles}.", fr: "Votre compte n'a pas le rôle requis : {roles}.", pt: "Sua conta não tem a função necessária para isso: {roles}." }
    ErrConflict { en: "Someone changed this at the same time. Reload the page and try again.", nl: "Iemand anders heeft dit tegelijk gewijzigd. Laad de pagina opnieuw en probeer het nog eens.", fr: "Quelqu'un a modifié cet élément en même temps. Rechargez la page et réessayez.", pt: "Alguém alterou isto ao mesmo tempo. Recarregue a página e tente novamente." }
    AcceptNoConnection { en: "Nothing was sent: there is no connection. What you typed is still here; press Accept again when you are back online.", nl: "Er is niets verzonden: er is geen verbinding. Wat u hebt ingevuld, staat er nog; klik opnieuw op Accepteren zodra u weer online bent.", fr: "Rien n'a été envoyé : il n'y a pas de connexion. Ce que vous avez saisi est toujours là ; appuyez de nouveau sur Accepter une fois en ligne.", pt: "Nada foi enviado: não há conexão. O que você digitou continua aqui; pressione Aceitar novamente quando estiver online." }
    ErrRequestRejected { en: "The request could not be read. Reload the page and try again.", nl: "Het verzoek kon niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens.", fr: "La demande n'a pas pu être lue. Rechargez la page et réessayez.", pt: "Não foi possível ler a solicitação. Recarregue a página e tente novamente." }
    ErrRequestTooLarge { en: "What you sent is larger than 1 MB. Send less at a time, or a smaller file.", nl: "Wat u verstuurde is groter dan 1 MB. Verstuur minder tegelijk, of een kleiner bestand.", fr: "Ce que vous avez envoyé dépasse 1 Mo. Envoyez-en moins à la fois, ou un fichier plus petit.", pt: "O que você enviou tem mais de 1 MB. Envie menos de cada vez, ou um arquivo menor." }
    // Advisors: Create purchase offer, Send, tracking.
    CreateOfferTitle { en: "Create purchase offer", nl: "Aankoopaanbieding maken", fr: "Créer une offre d'achat", pt: "Criar oferta de compra" }
    PartnerOffice { en: "Partner office", nl: "Partnerkantoor", fr: "Bureau partenaire", pt: "Escritório do parceiro" }
    PartnerOfficeHint { en: "If your company has multiple offices, choose the office that you want to associate this purchase offer with.", nl: "Als uw bedrijf meerdere kantoren heeft, kiest u het kantoor waaraan u deze aankoopaanbieding wilt koppelen.", fr: "Si votre entreprise possède plusieurs bureaux, choisissez celui auquel associer cette offre d'achat.", pt: "Se sua empresa tiver vários escritórios, escolha o escritório ao qual deseja associar esta oferta de compra." }
    ChooseOffice { en: "Choose an office", nl: "Kies een kantoor", fr: "Choisissez un bureau", pt: "Escolha um escritório" }
    UsageLocation { en: "Usage location", nl: "Gebruikslocatie", fr: "Emplacement d'utilisation", pt: "Local de uso" }
    UsageLocationHint { en: "Select the location where your client will use the services (a country code such as GB or UK, or a name).", nl: "Selecteer de locatie waar uw klant de services gaat gebruiken (een landcode zoals NL, of een naam).", fr: "Sélectionnez l'emplacement où votre client utilisera les services (un code pays comme FR, ou un nom).", pt: "Selecione o local onde seu cliente usará os serviços (um código de país como BR, ou um nome)." }
    Subscriptions { en: "Subscriptions", nl: "Abonnementen", fr: "Abonnements", pt: "Assinaturas" }
    SubscriptionsHint { en: "The list of subscriptions that you can choose is determined by the usage location of your client's country or region.", nl: "Welke abonnementen u kunt kiezen, hangt af van de gebruikslocatie van het land of de regio van uw klant.", fr: "La liste des abonnements disponibles dépend de l'emplacement d'utilisation (pays ou région) de votre client.", pt: "A lista de assinaturas disponíveis é determinada pelo local de uso do país ou região do seu cliente." }
    ChooseUsageLocationFirst { en: "Choose a usage location to see the subscriptions available there.", nl: "Kies een gebruikslocatie om de abonnementen te zien die daar beschikbaar zijn.", fr: "Choisissez un emplacement d'utilisation pour voir les abonnements qui y sont disponibles.", pt: "Escolha um local de uso para ver as assinaturas disponíveis." }
    LicenseCount { en: "License count", nl: "Aantal licenties", fr: "Nombre de licences", pt: "Contagem de licenças" }
    LicenseLimits { en: "{min} to {max} licenses", nl: "{min} tot {max} licenties", fr: "{min} à {max} licences", pt: "{min} a {max} licenças" }
    LicensesCount { en: "{count} licenses", nl: "{count} licenties", fr: "{count} licences", pt: "{count} licenças" }
    SelectionsRemoved { en: "Not available in {country}, so removed from the offer: {names}.", nl: "Niet beschikbaar in {country} en daarom uit de aanbieding verwijderd: {names}.", fr: "Non disponible(s) pour {country}, donc retiré(s) de l'offre : {names}.", pt: "Não disponível em {country}, por isso removido da oferta: {names}." }
    DelegatedAdministration { en: "Delegated administration", nl: "Gedelegeerd beheer", fr: "Administration déléguée", pt: "Administração delegada" }
    DelegatedAdminOffer { en: "Offer delegated administration to this client", nl: "Gedelegeerd beheer aanbieden aan deze klant", fr: "Proposer l'administration déléguée à ce client", pt: "Oferecer administração delegada a este cliente" }
    DelegatedAdminExplain { en: "Your client can accept the purchase offer with or without acceptance of delegated administration. You ask for a named relationship with only the roles you need, for a limited time.", nl: "Uw klant kan de aanbieding accepteren met of zonder gedelegeerd beheer. U vraagt om een benoemde relatie met alleen de rollen die u nodig hebt, voor beperkte tijd.", fr: "Votre client peut accepter l'offre avec ou sans l'administration déléguée. Vous demandez une relation nommée, limitée aux rôles nécessaires et dans le temps.", pt: "Seu cliente pode aceitar a oferta com ou sem a administração delegada. Você solicita uma relação nomeada, apenas com as funções necessárias, por tempo limitado." }
    GdapName { en: "Relationship name", nl: "Naam van de relatie", fr: "Nom de la relation", pt: "Nome da relação" }
    GdapNameHint { en: "At most 50 characters, different from your other relationships.", nl: "Maximaal 50 tekens, anders dan uw andere relaties.", fr: "50 caractères au maximum, différent de vos autres relations.", pt: "No máximo 50 caracteres, diferente das suas outras relações." }
    GdapRolesLabel { en: "Roles requested", nl: "Gevraagde rollen", fr: "Rôles demandés", pt: "Funções solicitadas" }
    GdapDuration { en: "Duration in days", nl: "Duur in dagen", fr: "Durée en jours", pt: "Duração em dias" }
    GdapDurationHint { en: "From 1 day to 2 years (730 days).", nl: "Van 1 dag tot 2 jaar (730 dagen).", fr: "De 1 jour à 2 ans (730 jours).", pt: "De 1 dia a 2 anos (730 dias)." }
    GdapDirectoryReaders { en: "Directory readers", nl: "Directorylezers", fr: "Lecteurs d'annuaire", pt: "Leitores de diretório" }
    GdapGlobalReader { en: "Global reader", nl: "Globale lezer", fr: "Lecteur général", pt: "Leitor global" }
    GdapUserAdministrator { en: "User administrator", nl: "Gebruikersbeheerder", fr: "Administrateur d'utilisateurs", pt: "Administrador de usuários" }
    GdapLicenseAdministrator { en: "License administrator", nl: "Licentiebeheerder", fr: "Administrateur de licences", pt: "Administrador de licenças" }
    GdapHelpdeskAdministrator { en: "Helpdesk administrator", nl: "Helpdeskbeheerder", fr: "Administrateur du support technique", pt: "Administrador de assistência técnica" }
    GdapServiceSupportAdministrator { en: "Service support administrator", nl: "Beheerder van serviceondersteuning", fr: "Administrateur du support de service", pt: "Administrador de suporte de serviço" }
    SendTitle { en: "Send", nl: "Verzenden", fr: "Envoyer", pt: "Enviar" }
    SummaryId { en: "Summary ID", nl: "Samenvattings-id", fr: "ID de résumé", pt: "ID do resumo" }
    SummaryIdNote { en: "Make a note of the purchase offer summary ID. Use it to track the offer.", nl: "Noteer de samenvattings-id van de aankoopaanbieding. Hiermee volgt u de aanbieding.", fr: "Notez l'ID de résumé de l'offre d'achat. Il vous permet de suivre l'offre.", pt: "Anote o ID do resumo da oferta de compra. Use-o para acompanhar a oferta." }
    OfferUrl { en: "Offer URL", nl: "URL van de aanbieding", fr: "URL de l'offre", pt: "URL da oferta" }
    MessageLanguage { en: "Language of the message", nl: "Taal van het bericht", fr: "Langue du message", pt: "Idioma da mensagem" }
    OfferInformation { en: "Purchase offer information", nl: "Informatie over de aankoopaanbieding", fr: "Informations sur l'offre d'achat", pt: "Informações da oferta de compra" }
    PreviewClientPage { en: "See what the client sees", nl: "Bekijken wat de klant ziet", fr: "Voir ce que voit le client", pt: "Ver o que o cliente vê" }
    SendNewOffer { en: "Send a new offer", nl: "Een nieuwe aanbieding sturen", fr: "Envoyer une nouvelle offre", pt: "Enviar uma nova oferta" }
    PersonaliseMessage { en: "Personalize the message", nl: "Het bericht personaliseren", fr: "Personnaliser le message", pt: "Personalizar a mensagem" }
    Introduction { en: "Introduction", nl: "Inleiding", fr: "Introduction", pt: "Introdução" }
    ClosingRemarks { en: "Closing remarks", nl: "Slotopmerkingen", fr: "Remarques finales", pt: "Observações finais" }
    ContactDetails { en: "How to contact you", nl: "Hoe u bereikbaar bent", fr: "Comment vous contacter", pt: "Como entrar em contato com você" }
    Checklist { en: "When you customize your message, consider including this information", nl: "Overweeg deze informatie op te nemen als u uw bericht aanpast", fr: "Lorsque vous personnalisez votre message, pensez à inclure ces informations", pt: "Ao personalizar sua mensagem, considere incluir estas informações" }
    CheckAuthorized { en: "Identify yourself as an authorized cloud partner.", nl: "Maak uzelf bekend als geautoriseerde cloudpartner.", fr: "Présentez-vous comme partenaire cloud agréé.", pt: "Identifique-se como parceiro de nuvem autorizado." }
    CheckBilledDirectly { en: "Let clients know that they'll be billed directly by the cloud provider.", nl: "Laat klanten weten dat ze rechtstreeks door de cloudprovider worden gefactureerd.", fr: "Indiquez aux clients qu'ils seront facturés directement par le fournisseur cloud.", pt: "Informe aos clientes que serão cobrados diretamente pelo provedor de nuvem." }
    CheckContact { en: "Tell clients how to contact you with questions about the service or the offer.", nl: "Vertel klanten hoe ze contact met u opnemen bij vragen over de service of de aanbieding.", fr: "Indiquez aux clients comment vous contacter pour toute question sur le service ou l'offre.", pt: "Diga aos clientes como entrar em contato com você sobre o serviço ou a oferta." }
    CheckLicenses { en: "Let clients know that they control the number of user licenses purchased and can change it when they accept the offer.", nl: "Laat klanten weten dat zij het aantal gebruikerslicenties bepalen en dit kunnen wijzigen wanneer ze de aanbieding accepteren.", fr: "Indiquez aux clients qu'ils contrôlent le nombre de licences achetées et peuvent le modifier en acceptant l'offre.", pt: "Informe aos clientes que eles controlam o número de licenças compradas e podem alterá-lo ao aceitar a oferta." }
    CheckDelegated { en: "If you offer delegated administration, explain what it means, and what your responsibilities are.", nl: "Als u gedelegeerd beheer aanbiedt, leg dan uit wat dat betekent en wat uw verantwoordelijkheden zijn.", fr: "Si vous proposez l'administration déléguée, expliquez ce qu'elle implique et quelles sont vos responsabilités.", pt: "Se você oferecer administração delegada, explique o que significa e quais são suas responsabilidades." }
    MessageSaved { en: "Message saved.", nl: "Bericht opgeslagen.", fr: "Message enregistré.", pt: "Mensagem salva." }
    Withdraw { en: "Withdraw offer", nl: "Aanbieding intrekken", fr: "Retirer l'offre", pt: "Retirar oferta" }
    WithdrawConfirm { en: "Clients who open the offer URL after you withdraw it are told that it is no longer available.", nl: "Klanten die de URL openen nadat u de aanbieding hebt ingetrokken, zien dat deze niet meer beschikbaar is.", fr: "Les clients qui ouvrent l'URL après le retrait de l'offre sont informés qu'elle n'est plus disponible.", pt: "Clientes que abrirem a URL depois da retirada verão que a oferta não está mais disponível." }
    StatusActive { en: "Active", nl: "Actief", fr: "Active", pt: "Ativa" }
    StatusWithdrawn { en: "Withdrawn", nl: "Ingetrokken", fr: "Retirée", pt: "Retirada" }
    StatusExpired { en: "Expired", nl: "Verlopen", fr: "Expirée", pt: "Expirada" }
    Status { en: "Status", nl: "Status", fr: "Statut", pt: "Status" }
    Date { en: "Date", nl: "Datum", fr: "Date", pt: "Data" }
    Views { en: "Views", nl: "Weergaven", fr: "Vues", pt: "Visualizações" }
    Acceptances { en: "Acceptances", nl: "Acceptaties", fr: "Acceptations", pt: "Aceitações" }
    SearchBySummaryId { en: "Search by summary ID", nl: "Zoeken op samenvattings-id", fr: "Rechercher par ID de résumé", pt: "Pesquisar por ID do resumo" }
    NoOffersYet { en: "No purchase offers yet. Create one to send to a client.", nl: "Nog geen aankoopaanbiedingen. Maak er een om naar een klant te sturen.", fr: "Aucune offre d'achat pour l'instant. Créez-en une pour l'envoyer à un client.", pt: "Nenhuma oferta de compra ainda. Crie uma para enviar a um cliente." }
    NoOffersMatch { en: "No offer has a summary ID like this.", nl: "Geen aanbieding heeft een samenvattings-id zoals deze.", fr: "Aucune offre ne correspond à cet ID de résumé.", pt: "Nenhuma oferta tem um ID do resumo como este." }
    OfferMailSubject { en: "Purchase offer from {company} ({summary})", nl: "Aankoopaanbieding van {company} ({summary})", fr: "Offre d'achat de {company} ({summary})", pt: "Oferta de compra de {company} ({summary})" }
    OfferMailHeading { en: "{company} offers you these subscriptions:", nl: "{company} biedt u deze abonnementen aan:", fr: "{company} vous propose ces abonnements :", pt: "{company} oferece estas assinaturas a você:" }
    OfferMailDelegated { en: "Optional: delegated administration for {days} days, which you may accept or decline.", nl: "Optioneel: gedelegeerd beheer voor {days} dagen, dat u kunt accepteren of weigeren.", fr: "En option : administration déléguée pendant {days} jours, que vous pouvez accepter ou refuser.", pt: "Opcional: administração delegada por {days} dias, que você pode aceitar ou recusar." }
    OfferMailAccept { en: "Review the offer, choose your license counts and accept it here: {url}", nl: "Bekijk de aanbieding, kies uw aantallen licenties en accepteer hier: {url}", fr: "Consultez l'offre, choisissez le nombre de licences et acceptez-la ici : {url}", pt: "Revise a oferta, escolha a quantidade de licenças e aceite aqui: {url}" }
    CompanyLogo { en: "Company logo", nl: "Bedrijfslogo", fr: "Logo de l'entreprise", pt: "Logotipo da empresa" }
    ChooseLogo { en: "Choose an image", nl: "Kies een afbeelding", fr: "Choisissez une image", pt: "Escolha uma imagem" }
    LogoHint { en: "PNG, JPEG or WebP, at most 512 KB. Shown at the top of the offer your client opens.", nl: "PNG, JPEG of WebP, maximaal 512 KB. Wordt boven aan de aanbieding getoond die uw klant opent.", fr: "PNG, JPEG ou WebP, 512 Ko au maximum. Affiché en haut de l'offre que votre client ouvre.", pt: "PNG, JPEG ou WebP, no máximo 512 KB. Aparece no topo da oferta que o cliente abre." }
    LogoSaved { en: "Logo saved.", nl: "Logo opgeslagen.", fr: "Logo enregistré.", pt: "Logotipo salvo." }
    UploadLogo { en: "Upload logo", nl: "Logo uploaden", fr: "Téléverser le logo", pt: "Enviar logotipo" }
    NoAcceptancesYet { en: "No client has accepted this offer yet.", nl: "Nog geen klant heeft deze aanbieding geaccepteerd.", fr: "Aucun client n'a encore accepté cette offre.", pt: "Nenhum cliente aceitou esta oferta ainda." }
    DelegatedAccepted { en: "Delegated administration accepted", nl: "Gedelegeerd beheer geaccepteerd", fr: "Administration déléguée acceptée", pt: "Administração delegada aceita" }
    DelegatedDeclined { en: "Without delegated administration", nl: "Zonder gedelegeerd beheer", fr: "Sans administration déléguée", pt: "Sem administração delegada" }
    ExpiryDate { en: "Expiry date", nl: "Vervaldatum", fr: "Date d'expiration", pt: "Data de expiração" }
    LastDayToAccept { en: "Last day the offer can be accepted", nl: "Laatste dag waarop de aanbieding kan worden geaccepteerd", fr: "Dernier jour pour accepter l'offre", pt: "Último dia para aceitar a oferta" }
    SaveExpiryDate { en: "Save expiry date", nl: "Vervaldatum opslaan", fr: "Enregistrer la date d'expiration", pt: "Salvar data de expiração" }
    ExpiryHint { en: "Optional. Leave empty for an offer without an end date.", nl: "Optioneel. Laat leeg voor een aanbieding zonder einddatum.", fr: "Facultatif. Laissez vide pour une offre sans date de fin.", pt: "Opcional. Deixe em branco para uma oferta sem data de término." }
    EmbeddingTitle { en: "Website embedding", nl: "Insluiten in website", fr: "Intégration au site web", pt: "Incorporação em sites" }
    EmbeddingIntro { en: "Show your purchase offers inside your own website. Only the websites listed here may show them in a frame; every other site is refused.", nl: "Toon uw aankoopaanbiedingen op uw eigen website. Alleen de websites die hier staan, mogen ze in een frame tonen; alle andere sites worden geweigerd.", fr: "Affichez vos offres d'achat dans votre propre site web. Seuls les sites listés ici peuvent les afficher dans un cadre ; tous les autres sont refusés.", pt: "Mostre suas ofertas de compra no seu próprio site. Somente os sites listados aqui podem exibi-las em um frame; todos os outros são recusados." }
    AllowedWebsites { en: "Websites allowed to show your offers", nl: "Websites die uw aanbiedingen mogen tonen", fr: "Sites autorisés à afficher vos offres", pt: "Sites autorizados a exibir suas ofertas" }
    AllowedWebsitesHint { en: "One per line, as scheme and host, like https://www.example.com (a port is allowed, a path is not).", nl: "Eén per regel, als schema en host, zoals https://www.voorbeeld.nl (een poort mag, een pad niet).", fr: "Un par ligne, avec schéma et hôte, comme https://www.exemple.fr (un port est permis, un chemin non).", pt: "Um por linha, com esquema e host, como https://www.exemplo.com.br (porta é permitida, caminho não)." }
    EmbeddingSaved { en: "Saved. The listed websites can show your offers from now on.", nl: "Opgeslagen. De genoemde websites kunnen uw aanbiedingen vanaf nu tonen.", fr: "Enregistré. Les sites listés peuvent désormais afficher vos offres.", pt: "Salvo. Os sites listados já podem exibir suas ofertas." }
    EmbedTitle { en: "Show this offer on your website", nl: "Deze aanbieding op uw website tonen", fr: "Afficher cette offre sur votre site", pt: "Mostrar esta oferta no seu site" }
    EmbedHint { en: "Paste this snippet into a page of a website you listed under", nl: "Plak dit fragment in een pagina van een website die u hebt opgegeven onder", fr: "Collez cet extrait dans une page d'un site que vous avez indiqué sous", pt: "Cole este trecho em uma página de um site que você listou em" }
    EmbedSnippet { en: "Embed snippet", nl: "Insluitfragment", fr: "Extrait d'intégration", pt: "Trecho de incorporação" }
    CopyEmbedSnippet { en: "Copy snippet", nl: "Fragment kopiëren", fr: "Copier l'extrait", pt: "Copiar trecho" }
    ErrOrigin { en: "Write each website as scheme and host, like https://www.example.com, without a path.", nl: "Schrijf elke website als schema en host, zoals https://www.voorbeeld.nl, zonder pad.", fr: "Écrivez chaque site avec schéma et hôte, comme https://www.exemple.fr, sans chemin.", pt: "Escreva cada site com esquema e host, como https://www.exemplo.com.br, sem caminho." }
    ErrTooMany { en: "List at most {max}.", nl: "Geef er maximaal {max} op.", fr: "Indiquez-en {max} au maximum.", pt: "Liste no máximo {max}." }
    ErrDate { en: "Choose a date from today on (YYYY-MM-DD).", nl: "Kies een datum vanaf vandaag (JJJJ-MM-DD).", fr: "Choisissez une date à partir d'aujourd'hui (AAAA-MM-JJ).", pt: "Escolha uma data a partir de hoje (AAAA-MM-DD)." }
    // The client's purchase offer page.
    PurchaseOfferFrom { en: "Purchase offer from", nl: "Aankoopaanbieding van", fr: "Offre d'achat de", pt: "Oferta de compra de" }
    OfferFrom { en: "Purchase offer from {company}", nl: "Aankoopaanbieding van {company}", fr: "Offre d'achat de {company}", pt: "Oferta de compra de {company}" }
    OfferNotFoundTitle { en: "Offer not found", nl: "Aanbieding niet gevonden", fr: "Offre introuvable", pt: "Oferta não encontrada" }
    OfferNotFoundText { en: "There is no purchase offer at this address. Check that you copied the whole link from the email, or ask the partner who sent it.", nl: "Op dit adres staat geen aankoopaanbieding. Controleer of u de hele link uit de e-mail hebt gekopieerd, of vraag het de partner die hem stuurde.", fr: "Il n'y a pas d'offre d'achat à cette adresse. Vérifiez que vous avez copié tout le lien de l'e-mail, ou demandez au partenaire qui l'a envoyé.", pt: "Não há oferta de compra neste endereço. Verifique se copiou o link inteiro do email ou pergunte ao parceiro que o enviou." }
    OfferWithdrawnText { en: "The partner has withdrawn this purchase offer, so it can no longer be accepted. Contact them for a new one.", nl: "De partner heeft deze aankoopaanbieding ingetrokken; u kunt hem niet meer accepteren. Neem contact op voor een nieuwe.", fr: "Le partenaire a retiré cette offre d'achat ; elle ne peut plus être acceptée. Contactez-le pour en obtenir une nouvelle.", pt: "O parceiro retirou esta oferta de compra, e ela não pode mais ser aceita. Entre em contato para receber uma nova." }
    OfferExpiredText { en: "This purchase offer has expired and can no longer be accepted. Contact the partner for a new one.", nl: "Deze aankoopaanbieding is verlopen en kan niet meer worden geaccepteerd. Neem contact op met de partner voor een nieuwe.", fr: "Cette offre d'achat a expiré et ne peut plus être acceptée. Contactez le partenaire pour en obtenir une nouvelle.", pt: "Esta oferta de compra expirou e não pode mais ser aceita. Entre em contato com o parceiro para receber uma nova." }
    ContactAdvisor { en: "Questions? Contact your partner", nl: "Vragen? Neem contact op met uw partner", fr: "Des questions ? Contactez votre partenaire", pt: "Dúvidas? Fale com o seu parceiro" }
    // Installable app and offline work (#9).
    ManifestDescription { en: "Partner portal for cloud resellers: purchase offers, indirect resellers and customers.", nl: "Partnerportaal voor cloudresellers: aankoopaanbiedingen, indirecte resellers en klanten.", fr: "Portail partenaires pour revendeurs cloud : offres d'achat, revendeurs indirects et clients.", pt: "Portal de parceiros para revendedores de nuvem: ofertas de compra, revendedores indiretos e clientes." }
    OfflineNotice { en: "You are offline. What you type is kept on this device, and submissions wait in the outbox until the connection returns.", nl: "U bent offline. Wat u typt, blijft op dit apparaat bewaard, en verzendingen wachten in de postvak uit tot de verbinding terug is.", fr: "Vous êtes hors ligne. Ce que vous saisissez est conservé sur cet appareil, et les envois attendent dans la boîte d'envoi le retour de la connexion.", pt: "Você está offline. O que você digita fica guardado neste dispositivo, e os envios aguardam na caixa de saída até a conexão voltar." }
    UpdateReady { en: "A new version of PartnerDesk is ready.", nl: "Er is een nieuwe versie van PartnerDesk klaar.", fr: "Une nouvelle version de PartnerDesk est prête.", pt: "Uma nova versão do PartnerDesk está pronta." }
    UpdateReload { en: "Reload", nl: "Opnieuw laden", fr: "Recharger", pt: "Recarregar" }
    OutboxTitle { en: "Outbox", nl: "Postvak uit", fr: "Boîte d'envoi", pt: "Caixa de saída" }
    OutboxIntro { en: "Submitted without a connection. Each is sent once, automatically, when the connection returns.", nl: "Verzonden zonder verbinding. Elk item wordt één keer automatisch verstuurd zodra de verbinding terug is.", fr: "Envoyés sans connexion. Chacun est transmis une seule fois, automatiquement, au retour de la connexion.", pt: "Enviados sem conexão. Cada um é enviado uma única vez, automaticamente, quando a conexão voltar." }
    OutboxOfferSummary { en: "Purchase offer: {country}, {count} subscription(s)", nl: "Aankoopaanbieding: {country}, {count} abonnement(en)", fr: "Offre d'achat : {country}, {count} abonnement(s)", pt: "Oferta de compra: {country}, {count} assinatura(s)" }
    OutboxCustomerSummary { en: "New customer: {company}", nl: "Nieuwe klant: {company}", fr: "Nouveau client : {company}", pt: "Novo cliente: {company}" }
    OutboxWaiting { en: "Waiting for the connection", nl: "Wacht op de verbinding", fr: "En attente de la connexion", pt: "Aguardando a conexão" }
    OutboxSending { en: "Sending…", nl: "Bezig met verzenden…", fr: "Envoi en cours…", pt: "Enviando…" }
    OutboxSignIn { en: "Your session has ended. Sign in again, and it is sent.", nl: "Uw sessie is verlopen. Meld u opnieuw aan, dan wordt het verzonden.", fr: "Votre session a expiré. Reconnectez-vous, et il sera envoyé.", pt: "Sua sessão expirou. Entre novamente, e ele será enviado." }
    OutboxOfferSent { en: "Sent: offer {summary} was created.", nl: "Verzonden: aanbieding {summary} is gemaakt.", fr: "Envoyé : l'offre {summary} a été créée.", pt: "Enviado: a oferta {summary} foi criada." }
    OutboxCustomerEarlier { en: "{company} had already been created by an earlier attempt whose answer was lost; its temporary password cannot be shown again. Find the customer under Customers.", nl: "{company} was al aangemaakt door een eerdere poging waarvan het antwoord verloren ging; het tijdelijke wachtwoord kan niet opnieuw worden getoond. U vindt de klant onder Klanten.", fr: "{company} avait déjà été créé par une tentative précédente dont la réponse a été perdue ; son mot de passe temporaire ne peut plus être affiché. Retrouvez le client sous Clients.", pt: "{company} já tinha sido criado por uma tentativa anterior cuja resposta se perdeu; a senha temporária não pode ser mostrada novamente. Encontre o cliente em Clientes." }
    OutboxRefused { en: "The server refused it:", nl: "De server heeft het geweigerd:", fr: "Le serveur l'a refusé :", pt: "O servidor recusou:" }
    OutboxEdit { en: "Fix in the wizard", nl: "Herstellen in de wizard", fr: "Corriger dans l'assistant", pt: "Corrigir no assistente" }
    OutboxOpen { en: "Open", nl: "Openen", fr: "Ouvrir", pt: "Abrir" }
    OutboxDiscard { en: "Discard", nl: "Verwijderen", fr: "Supprimer", pt: "Descartar" }
    OutboxDismiss { en: "Dismiss", nl: "Sluiten", fr: "Fermer", pt: "Dispensar" }
    QueuedOffer { en: "No connection: the offer is in the outbox and will be sent when the connection returns.", nl: "Geen verbinding: de aanbieding staat in de postvak uit en wordt verzonden zodra de verbinding terug is.", fr: "Pas de connexion : l'offre est dans la boîte d'envoi et sera envoyée au retour de la connexion.", pt: "Sem conexão: a oferta está na caixa de saída e será enviada quando a conexão voltar." }
    QueuedCustomer { en: "No connection: the new customer is in the outbox and will be sent when the connection returns. The setup info appears there.", nl: "Geen verbinding: de nieuwe klant staat in de postvak uit en wordt verzonden zodra de verbinding terug is. De installatiegegevens verschijnen daar.", fr: "Pas de connexion : le nouveau client est dans la boîte d'envoi et sera envoyé au retour de la connexion. Les informations de configuration y apparaîtront.", pt: "Sem conexão: o novo cliente está na caixa de saída e será enviado quando a conexão voltar. As informações de configuração aparecerão lá." }
    DraftRestored { en: "Your draft was restored from this device.", nl: "Uw concept is hersteld vanaf dit apparaat.", fr: "Votre brouillon a été restauré depuis cet appareil.", pt: "Seu rascunho foi restaurado deste dispositivo." }
    DraftDiscard { en: "Start over", nl: "Opnieuw beginnen", fr: "Recommencer", pt: "Recomeçar" }
    DomainCheckedLater { en: "Without a connection the domain prefix can't be checked now; the server checks it when the customer is sent.", nl: "Zonder verbinding kan het domeinvoorvoegsel nu niet worden gecontroleerd; de server controleert het bij verzending.", fr: "Sans connexion, le préfixe de domaine ne peut pas être vérifié maintenant ; le serveur le vérifiera à l'envoi.", pt: "Sem conexão, o prefixo de domínio não pode ser verificado agora; o servidor o verifica quando o cliente for enviado." }
    NeedsConnection { en: "This needs a connection: it shows live data from the server. It works again when you are back online.", nl: "Hiervoor is een verbinding nodig: het toont actuele gegevens van de server. Het werkt weer zodra u online bent.", fr: "Une connexion est nécessaire : cette page affiche des données en direct du serveur. Elle fonctionnera de nouveau une fois en ligne.", pt: "Isto precisa de conexão: mostra dados em tempo real do servidor. Volta a funcionar quando você estiver online." }
    OfflineTitle { en: "Not available offline", nl: "Niet beschikbaar offline", fr: "Indisponible hors ligne", pt: "Indisponível offline" }
    OfflinePageText { en: "{page} shows live data and needs a connection. It opens again when you are back online.", nl: "{page} toont actuele gegevens en heeft een verbinding nodig. De pagina opent weer zodra u online bent.", fr: "{page} affiche des données en direct et nécessite une connexion. La page s'ouvrira de nouveau une fois en ligne.", pt: "{page} mostra dados em tempo real e precisa de conexão. A página abre novamente quando você estiver online." }
    OfflineWhatWorks { en: "These work offline, and send when you are back online:", nl: "Deze werken offline en verzenden zodra u weer online bent:", fr: "Ceux-ci fonctionnent hors ligne et envoient au retour en ligne :", pt: "Estes funcionam offline e enviam quando você estiver online:" }
    OfflineTryAgain { en: "Try again", nl: "Opnieuw proberen", fr: "Réessayer", pt: "Tentar novamente" }
    // (end of #9 keys)

    BilledDirectly { en: "You are billed directly by the cloud provider, not by the partner. You choose the number of licenses.", nl: "U wordt rechtstreeks gefactureerd door de cloudprovider, niet door de partner. U kiest zelf het aantal licenties.", fr: "Vous êtes facturé directement par le fournisseur cloud, et non par le partenaire. Vous choisissez le nombre de licences.", pt: "Você é cobrado diretamente pelo provedor de nuvem, não pelo parceiro. Você escolhe a quantidade de licenças." }
    Optional { en: "(optional)", nl: "(optioneel)", fr: "(facultatif)", pt: "(opcional)" }
    ClientCountsHint { en: "Change the number of licenses for each subscription if you need more or fewer.", nl: "Wijzig het aantal licenties per abonnement als u er meer of minder nodig hebt.", fr: "Modifiez le nombre de licences de chaque abonnement si vous en avez besoin de plus ou de moins.", pt: "Altere a quantidade de licenças de cada assinatura se precisar de mais ou de menos." }
    ClientGdapAsk { en: "The partner asks for permission to help administer your account for {duration}, with these roles only:", nl: "De partner vraagt toestemming om uw account {duration} mee te beheren, met alleen deze rollen:", fr: "Le partenaire demande l'autorisation d'aider à administrer votre compte pendant {duration}, avec ces rôles uniquement :", pt: "O parceiro pede permissão para ajudar a administrar sua conta por {duration}, somente com estas funções:" }
    ClientGdapOptional { en: "You can accept the purchase offer with or without delegated administration. You can end it at any time.", nl: "U kunt de aankoopaanbieding accepteren met of zonder gedelegeerd beheer. U kunt het op elk moment beëindigen.", fr: "Vous pouvez accepter l'offre d'achat avec ou sans administration déléguée. Vous pouvez y mettre fin à tout moment.", pt: "Você pode aceitar a oferta de compra com ou sem administração delegada. Você pode encerrá-la a qualquer momento." }
    AcceptWithDelegated { en: "Accept with delegated administration", nl: "Accepteren met gedelegeerd beheer", fr: "Accepter avec l'administration déléguée", pt: "Aceitar com administração delegada" }
    AcceptWithoutDelegated { en: "Accept without delegated administration", nl: "Accepteren zonder gedelegeerd beheer", fr: "Accepter sans l'administration déléguée", pt: "Aceitar sem administração delegada" }
    DurationYears { en: "{count} year(s)", nl: "{count} jaar", fr: "{count} an(s)", pt: "{count} ano(s)" }
    DurationMonths { en: "{count} months", nl: "{count} maanden", fr: "{count} mois", pt: "{count} meses" }
    DurationDays { en: "{count} days", nl: "{count} dagen", fr: "{count} jours", pt: "{count} dias" }
    GdapPlainDirectoryReaders { en: "see basic information about your organisation's users and groups", nl: "basisinformatie over de gebruikers en groepen van uw organisatie bekijken", fr: "voir les informations de base sur les utilisateurs et groupes de votre organisation", pt: "ver informações básicas sobre os usuários e grupos da sua organização" }
    GdapPlainGlobalReader { en: "see everything in your account, without changing anything", nl: "alles in uw account bekijken, zonder iets te wijzigen", fr: "tout voir dans votre compte, sans rien modifier", pt: "ver tudo na sua conta, sem alterar nada" }
    GdapPlainUserAdministrator { en: "create and manage users and groups, and reset passwords", nl: "gebruikers en groepen maken en beheren, en wachtwoorden opnieuw instellen", fr: "créer et gérer des utilisateurs et des groupes, et réinitialiser des mots de passe", pt: "criar e gerenciar usuários e grupos e redefinir senhas" }
    GdapPlainLicenseAdministrator { en: "assign and remove licenses for your users", nl: "licenties toewijzen aan en verwijderen van uw gebruikers", fr: "attribuer et retirer des licences à vos utilisateurs", pt: "atribuir e remover licenças dos seus usuários" }
    GdapPlainHelpdeskAdministrator { en: "reset passwords of non-administrators and help them sign in", nl: "wachtwoorden van niet-beheerders opnieuw instellen en hen helpen aanmelden", fr: "réinitialiser les mots de passe des non-administrateurs et les aider à se connecter", pt: "redefinir senhas de não administradores e ajudá-los a entrar" }
    GdapPlainServiceSupportAdministrator { en: "open and follow support requests with the cloud provider for you", nl: "namens u ondersteuningsaanvragen bij de cloudprovider indienen en opvolgen", fr: "ouvrir et suivre pour vous des demandes de support auprès du fournisseur cloud", pt: "abrir e acompanhar solicitações de suporte com o provedor de nuvem por você" }
    YourOrganisationDetails { en: "Your organisation", nl: "Uw organisatie", fr: "Votre organisation", pt: "Sua organização" }
    DomainPrefix { en: "Domain prefix", nl: "Domeinvoorvoegsel", fr: "Préfixe de domaine", pt: "Prefixo de domínio" }
    DomainPrefixHint { en: "Letters and digits only, at most 27. It becomes your account's first domain and cannot be changed later.", nl: "Alleen letters en cijfers, maximaal 27. Dit wordt het eerste domein van uw account en kan later niet worden gewijzigd.", fr: "Lettres et chiffres uniquement, 27 au maximum. Il devient le premier domaine de votre compte et ne peut pas être modifié ensuite.", pt: "Somente letras e dígitos, no máximo 27. Ele se torna o primeiro domínio da sua conta e não pode ser alterado depois." }
    DomainAvailable { en: "This domain prefix is available.", nl: "Dit domeinvoorvoegsel is beschikbaar.", fr: "Ce préfixe de domaine est disponible.", pt: "Este prefixo de domínio está disponível." }
    PostalCode { en: "Postal code", nl: "Postcode", fr: "Code postal", pt: "CEP" }
    Phone { en: "Phone number", nl: "Telefoonnummer", fr: "Numéro de téléphone", pt: "Telefone" }
    RegistrationNumber { en: "Company registration number", nl: "Inschrijvingsnummer van het bedrijf", fr: "Numéro d'immatriculation de l'entreprise", pt: "Número de registro da empresa (CNPJ)" }
    PrimaryContact { en: "Primary contact", nl: "Primaire contactpersoon", fr: "Contact principal", pt: "Contato principal" }
    FirstName { en: "First name", nl: "Voornaam", fr: "Prénom", pt: "Nome" }
    LastName { en: "Last name", nl: "Achternaam", fr: "Nom", pt: "Sobrenome" }
    PreferredLanguage { en: "Preferred language", nl: "Voorkeurstaal", fr: "Langue préférée", pt: "Idioma preferido" }
    AcceptOffer { en: "Accept", nl: "Accepteren", fr: "Accepter", pt: "Aceitar" }
    Accepting { en: "Accepting…", nl: "Bezig met accepteren…", fr: "Acceptation…", pt: "Aceitando…" }
    AcceptedTitle { en: "Purchase offer accepted", nl: "Aankoopaanbieding geaccepteerd", fr: "Offre d'achat acceptée", pt: "Oferta de compra aceita" }
    AcceptedText { en: "Thank you. {company} accepted the purchase offer from {advisor}.", nl: "Dank u. {company} heeft de aankoopaanbieding van {advisor} geaccepteerd.", fr: "Merci. {company} a accepté l'offre d'achat de {advisor}.", pt: "Obrigado. {company} aceitou a oferta de compra de {advisor}." }
    WhatYouPurchased { en: "What you purchased", nl: "Wat u hebt gekocht", fr: "Ce que vous avez acheté", pt: "O que você comprou" }
    AcceptedWithDelegated { en: "You accepted delegated administration: the partner can help administer your account with the roles listed in the offer.", nl: "U hebt gedelegeerd beheer geaccepteerd: de partner kan uw account mee beheren met de rollen uit de aanbieding.", fr: "Vous avez accepté l'administration déléguée : le partenaire peut aider à administrer votre compte avec les rôles indiqués dans l'offre.", pt: "Você aceitou a administração delegada: o parceiro pode ajudar a administrar sua conta com as funções listadas na oferta." }
    AcceptedWithoutDelegated { en: "You accepted without delegated administration: the partner has no administrative access to your account.", nl: "U hebt geaccepteerd zonder gedelegeerd beheer: de partner heeft geen beheerderstoegang tot uw account.", fr: "Vous avez accepté sans l'administration déléguée : le partenaire n'a aucun accès administratif à votre compte.", pt: "Você aceitou sem administração delegada: o parceiro não tem acesso administrativo à sua conta." }
    WhatHappensNext { en: "What happens next", nl: "Wat er nu gebeurt", fr: "Et ensuite", pt: "Próximos passos" }
    NextStepEmail { en: "Your partner contacts you at {email} with the sign-in details of your new account.", nl: "Uw partner neemt contact met u op via {email} met de aanmeldgegevens van uw nieuwe account.", fr: "Votre partenaire vous contacte à {email} avec les informations de connexion de votre nouveau compte.", pt: "Seu parceiro entrará em contato pelo {email} com os dados de acesso da sua nova conta." }
    NextStepDomain { en: "Your account's domain is {domain}.", nl: "Het domein van uw account is {domain}.", fr: "Le domaine de votre compte est {domain}.", pt: "O domínio da sua conta é {domain}." }
    NextStepLicenses { en: "Assign the licenses to your users; you can change the number of licenses later.", nl: "Wijs de licenties toe aan uw gebruikers; u kunt het aantal licenties later wijzigen.", fr: "Attribuez les licences à vos utilisateurs ; vous pourrez modifier leur nombre plus tard.", pt: "Atribua as licenças aos seus usuários; você pode alterar a quantidade depois." }
    ErrDomainPrefix { en: "Use letters and digits only (no spaces, dots or dashes).", nl: "Gebruik alleen letters en cijfers (geen spaties, punten of streepjes).", fr: "Utilisez uniquement des lettres et des chiffres (sans espaces, points ni tirets).", pt: "Use apenas letras e dígitos (sem espaços, pontos ou hifens)." }
    ErrDomainTaken { en: "This domain prefix is already taken. Try another one, for example with your city added.", nl: "Dit domeinvoorvoegsel is al in gebruik. Probeer een ander, bijvoorbeeld met uw plaatsnaam erbij.", fr: "Ce préfixe de domaine est déjà pris. Essayez-en un autre, par exemple en ajoutant votre ville.", pt: "Este prefixo de domínio já está em uso. Tente outro, por exemplo acrescentando sua cidade." }
    ErrPhone { en: "Enter a phone number with 6 to 20 digits, like +31 20 123 4567.", nl: "Vul een telefoonnummer in met 6 tot 20 cijfers, zoals +31 20 123 4567.", fr: "Saisissez un numéro de téléphone de 6 à 20 chiffres, comme +33 1 23 45 67 89.", pt: "Informe um telefone com 6 a 20 dígitos, como +55 11 5555 1234." }
    ErrChooseDelegated { en: "Choose whether you accept with or without delegated administration.", nl: "Kies of u accepteert met of zonder gedelegeerd beheer.", fr: "Choisissez si vous acceptez avec ou sans l'administration déléguée.", pt: "Escolha se aceita com ou sem administração delegada." }
    // Customers (indirect providers and resellers).
    ResellerCustomersIntro { en: "The customers your providers associated with you, and the subscriptions where you are reseller of record or support contact.", nl: "De klanten die uw providers aan u hebben gekoppeld, en de abonnementen waarvoor u reseller van record of ondersteuningscontact bent.", fr: "Les clients que vos fournisseurs vous ont associés, et les abonnements dont vous êtes le revendeur attitré ou le contact de support.", pt: "Os clientes que seus provedores associaram a você e as assinaturas em que você é revendedor registrado ou contato de suporte." }
    FilterByReseller { en: "Indirect reseller", nl: "Indirecte reseller", fr: "Revendeur indirect", pt: "Revendedor indireto" }
    AllResellers { en: "All customers", nl: "Alle klanten", fr: "Tous les clients", pt: "Todos os clientes" }
    SearchCustomers { en: "Search by name or domain", nl: "Zoeken op naam of domein", fr: "Rechercher par nom ou domaine", pt: "Pesquisar por nome ou domínio" }
    NoCustomersYet { en: "No customers match. Add a new customer, or change the filter.", nl: "Geen klanten gevonden. Voeg een nieuwe klant toe of wijzig het filter.", fr: "Aucun client ne correspond. Ajoutez un nouveau client ou modifiez le filtre.", pt: "Nenhum cliente encontrado. Adicione um novo cliente ou altere o filtro." }
    PartnershipEnded { en: "partnership removed", nl: "partnerschap verwijderd", fr: "partenariat supprimé", pt: "parceria removida" }
    NoReseller { en: "No reseller", nl: "Geen reseller", fr: "Aucun revendeur", pt: "Nenhum revendedor" }
    ResellerMpnId { en: "Reseller (MPN ID)", nl: "Reseller (MPN-id)", fr: "Revendeur (ID MPN)", pt: "Revendedor (ID MPN)" }
    ResellerMpnIdHint { en: "The MPN ID of a partnered reseller, so that it receives the appropriate incentives. Leave empty for none.", nl: "De MPN-id van een partner-reseller, zodat die de juiste incentives ontvangt. Laat leeg voor geen.", fr: "L'ID MPN d'un revendeur partenaire, pour qu'il reçoive les incitations appropriées. Laissez vide pour aucun.", pt: "O ID MPN de um revendedor parceiro, para que receba os incentivos adequados. Deixe em branco para nenhum." }
    AddSubscription { en: "Add subscription", nl: "Abonnement toevoegen", fr: "Ajouter un abonnement", pt: "Adicionar assinatura" }
    NewCustomer { en: "New customer", nl: "Nieuwe klant", fr: "Nouveau client", pt: "Novo cliente" }
    Steps { en: "Steps", nl: "Stappen", fr: "Étapes", pt: "Etapas" }
    CustomerDetails { en: "Customer details", nl: "Klantgegevens", fr: "Informations sur le client", pt: "Dados do cliente" }
    NewSubscription { en: "New subscription", nl: "Nieuw abonnement", fr: "Nouvel abonnement", pt: "Nova assinatura" }
    Review { en: "Review", nl: "Controleren", fr: "Vérification", pt: "Revisão" }
    Confirmation { en: "Confirmation", nl: "Bevestiging", fr: "Confirmation", pt: "Confirmação" }
    ResellerForCustomerHint { en: "The reseller gets administrator access to this customer's account and subscriptions, and manages them on the customer's behalf.", nl: "De reseller krijgt beheerderstoegang tot het account en de abonnementen van deze klant en beheert ze namens de klant.", fr: "Le revendeur obtient un accès administrateur au compte et aux abonnements de ce client, et les gère en son nom.", pt: "O revendedor recebe acesso de administrador à conta e às assinaturas deste cliente e as gerencia em nome dele." }
    CountryNeedsMore { en: "In this country a phone number and a company registration number may be required.", nl: "In dit land kunnen een telefoonnummer en een inschrijvingsnummer verplicht zijn.", fr: "Dans ce pays, un numéro de téléphone et un numéro d'immatriculation peuvent être obligatoires.", pt: "Neste país, telefone e número de registro da empresa podem ser obrigatórios." }
    NextSubscriptions { en: "Next: Subscriptions", nl: "Volgende: Abonnementen", fr: "Suivant : Abonnements", pt: "Avançar: Assinaturas" }
    NextReview { en: "Next: Review", nl: "Volgende: Controleren", fr: "Suivant : Vérification", pt: "Avançar: Revisão" }
    CustomerCreated { en: "{company} was added. The order was submitted.", nl: "{company} is toegevoegd. De bestelling is verzonden.", fr: "{company} a été ajouté. La commande a été envoyée.", pt: "{company} foi adicionado. O pedido foi enviado." }
    SetupInfo { en: "Setup info", nl: "Installatiegegevens", fr: "Informations de configuration", pt: "Informações de configuração" }
    SetupInfoWarning { en: "Make a note of the user account name and password now: you can't access this information again after you close this page.", nl: "Noteer nu de gebruikersnaam en het wachtwoord: u kunt deze gegevens niet meer zien nadat u deze pagina sluit.", fr: "Notez maintenant le nom du compte et le mot de passe : vous ne pourrez plus accéder à ces informations après avoir fermé cette page.", pt: "Anote agora o nome da conta e a senha: você não poderá acessar essas informações depois de fechar esta página." }
    AdminUserName { en: "Admin user account name", nl: "Gebruikersnaam van de beheerder", fr: "Nom du compte administrateur", pt: "Nome da conta de administrador" }
    TemporaryPassword { en: "Temporary password", nl: "Tijdelijk wachtwoord", fr: "Mot de passe temporaire", pt: "Senha temporária" }
    ResellerForIncentives { en: "Reseller that earns incentives", nl: "Reseller die incentives ontvangt", fr: "Revendeur qui reçoit les incitations", pt: "Revendedor que recebe os incentivos" }
    NoResellerNoIncentives { en: "No reseller is associated, so no reseller earns incentives for these subscriptions. You can still submit.", nl: "Er is geen reseller gekoppeld, dus geen reseller ontvangt incentives voor deze abonnementen. U kunt toch verzenden.", fr: "Aucun revendeur n'est associé : aucun ne recevra d'incitations pour ces abonnements. Vous pouvez tout de même envoyer.", pt: "Nenhum revendedor está associado, então nenhum receberá incentivos por estas assinaturas. Você ainda pode enviar." }
    SubscriptionDetails { en: "Subscription details", nl: "Abonnementsgegevens", fr: "Détails de l'abonnement", pt: "Detalhes da assinatura" }
    SubscriptionSaved { en: "Subscription saved.", nl: "Abonnement opgeslagen.", fr: "Abonnement enregistré.", pt: "Assinatura salva." }
    // Settings: audit log.
    AuditIntro { en: "Every change made in your organisation: who made it, what it was, which record, when and from which address.", nl: "Elke wijziging in uw organisatie: wie die deed, wat het was, welk record, wanneer en vanaf welk adres.", fr: "Chaque modification faite dans votre organisation : qui l'a faite, laquelle, sur quel enregistrement, quand et depuis quelle adresse.", pt: "Cada alteração feita na sua organização: quem fez, o que foi, qual registro, quando e de qual endereço." }
    AuditUser { en: "User", nl: "Gebruiker", fr: "Utilisateur", pt: "Usuário" }
    AuditAnyone { en: "Anyone", nl: "Iedereen", fr: "Tout le monde", pt: "Qualquer pessoa" }
    AuditAction { en: "Action", nl: "Actie", fr: "Action", pt: "Ação" }
    AuditRecord { en: "Record", nl: "Record", fr: "Enregistrement", pt: "Registro" }
    AuditFrom { en: "From", nl: "Van", fr: "Du", pt: "De" }
    AuditTo { en: "To", nl: "Tot en met", fr: "Au", pt: "Até" }
    AuditTime { en: "Time (UTC)", nl: "Tijd (UTC)", fr: "Heure (UTC)", pt: "Hora (UTC)" }
    AuditSummary { en: "Summary", nl: "Samenvatting", fr: "Résumé", pt: "Resumo" }
    AuditAddress { en: "Address", nl: "Adres", fr: "Adresse", pt: "Endereço" }
    AuditEmpty { en: "Nothing matches these filters.", nl: "Niets komt overeen met deze filters.", fr: "Rien ne correspond à ces filtres.", pt: "Nada corresponde a estes filtros." }
    ExportCsv { en: "Export as CSV", nl: "Exporteren als CSV", fr: "Exporter en CSV", pt: "Exportar como CSV" }
    // Settings: users.
    UsersIntro { en: "The people of your organisation and their roles. Each role allows what the partner program's documents say it does.", nl: "De mensen van uw organisatie en hun rollen. Elke rol staat toe wat de documenten van het partnerprogramma beschrijven.", fr: "Les personnes de votre organisation et leurs rôles. Chaque rôle permet ce que décrivent les documents du programme partenaire.", pt: "As pessoas da sua organização e suas funções. Cada função permite o que os documentos do programa de parceiros descrevem." }
    TemporaryPasswordFor { en: "Temporary password for {email}:", nl: "Tijdelijk wachtwoord voor {email}:", fr: "Mot de passe temporaire pour {email} :", pt: "Senha temporária para {email}:" }
    TemporaryPasswordOnce { en: "Give it to the person now: it is shown only this once, and PartnerDesk keeps only a hash of it.", nl: "Geef het nu aan de persoon: het wordt alleen deze keer getoond, en PartnerDesk bewaart er alleen een hash van.", fr: "Transmettez-le maintenant : il n'est affiché qu'une fois, et PartnerDesk n'en conserve qu'une empreinte.", pt: "Entregue-a agora: ela é mostrada só desta vez, e o PartnerDesk guarda apenas um hash dela." }
    Roles { en: "Roles", nl: "Rollen", fr: "Rôles", pt: "Funções" }
    FullName { en: "Name", nl: "Naam", fr: "Nom", pt: "Nome" }
    You { en: "you", nl: "u", fr: "vous", pt: "você" }
    Deactivated { en: "Deactivated", nl: "Gedeactiveerd", fr: "Désactivé", pt: "Desativado" }
    ChangeRoles { en: "Change roles", nl: "Rollen wijzigen", fr: "Modifier les rôles", pt: "Alterar funções" }
    Deactivate { en: "Deactivate", nl: "Deactiveren", fr: "Désactiver", pt: "Desativar" }
    Reactivate { en: "Reactivate", nl: "Opnieuw activeren", fr: "Réactiver", pt: "Reativar" }
    ResetPassword { en: "Reset password", nl: "Wachtwoord opnieuw instellen", fr: "Réinitialiser le mot de passe", pt: "Redefinir senha" }
    AddUser { en: "Add user", nl: "Gebruiker toevoegen", fr: "Ajouter un utilisateur", pt: "Adicionar usuário" }
    RefusedDeactivateSelf { en: "You cannot deactivate your own account. Ask another admin.", nl: "U kunt uw eigen account niet deactiveren. Vraag het een andere beheerder.", fr: "Vous ne pouvez pas désactiver votre propre compte. Demandez à un autre administrateur.", pt: "Você não pode desativar a própria conta. Peça a outro administrador." }
    RefusedOwnAdminRole { en: "You cannot remove your own last admin role. Ask another admin.", nl: "U kunt uw eigen laatste beheerdersrol niet verwijderen. Vraag het een andere beheerder.", fr: "Vous ne pouvez pas retirer votre dernier rôle d'administrateur. Demandez à un autre administrateur.", pt: "Você não pode remover sua última função de administrador. Peça a outro administrador." }
    RefusedGlobalAdminOnly { en: "Only a Global admin can add a Global admin, or change, deactivate or reset the password of one.", nl: "Alleen een globale beheerder kan een globale beheerder toevoegen, wijzigen, deactiveren of het wachtwoord ervan opnieuw instellen.", fr: "Seul un administrateur général peut ajouter un administrateur général, ou en modifier, désactiver ou réinitialiser le mot de passe.", pt: "Somente um administrador global pode adicionar um administrador global, ou alterar, desativar ou redefinir a senha de um." }
    RefusedRoleNotHeld { en: "You can only give roles you hold yourself. Ask a Global admin to give this role.", nl: "U kunt alleen rollen geven die u zelf hebt. Vraag een globale beheerder om deze rol te geven.", fr: "Vous ne pouvez donner que les rôles que vous détenez vous-même. Demandez à un administrateur général de donner ce rôle.", pt: "Você só pode dar funções que você mesmo tem. Peça a um administrador global para dar esta função." }
    RefusedLastGlobalAdmin { en: "Your organisation must keep at least one active Global admin. Give the role to someone else first.", nl: "Uw organisatie moet ten minste één actieve globale beheerder houden. Geef de rol eerst aan iemand anders.", fr: "Votre organisation doit garder au moins un administrateur général actif. Donnez d'abord ce rôle à quelqu'un d'autre.", pt: "Sua organização deve manter pelo menos um administrador global ativo. Dê a função a outra pessoa primeiro." }
    ErrChooseRole { en: "Choose at least one role.", nl: "Kies ten minste één rol.", fr: "Choisissez au moins un rôle.", pt: "Escolha pelo menos uma função." }
    // Settings: my account (issue #25).
    NavMyAccount { en: "My account", nl: "Mijn account", fr: "Mon compte", pt: "Minha conta" }
    MyAccountIntro { en: "Your sign-in details. Choose a password only you know: changing it signs you out everywhere else.", nl: "Uw aanmeldgegevens. Kies een wachtwoord dat alleen u kent: als u het wijzigt, wordt u overal elders afgemeld.", fr: "Vos informations de connexion. Choisissez un mot de passe que vous seul connaissez : le modifier vous déconnecte partout ailleurs.", pt: "Seus dados de acesso. Escolha uma senha que só você conheça: alterá-la encerra sua sessão em todos os outros lugares." }
    ChangePassword { en: "Change password", nl: "Wachtwoord wijzigen", fr: "Modifier le mot de passe", pt: "Alterar senha" }
    CurrentPassword { en: "Current password", nl: "Huidig wachtwoord", fr: "Mot de passe actuel", pt: "Senha atual" }
    NewPasswordLabel { en: "New password", nl: "Nieuw wachtwoord", fr: "Nouveau mot de passe", pt: "Nova senha" }
    ConfirmPassword { en: "New password again", nl: "Nieuw wachtwoord nogmaals", fr: "Nouveau mot de passe (confirmation)", pt: "Nova senha novamente" }
    PasswordChanged { en: "Your password was changed. Your other sessions have been signed out.", nl: "Uw wachtwoord is gewijzigd. Uw andere sessies zijn afgemeld.", fr: "Votre mot de passe a été modifié. Vos autres sessions ont été déconnectées.", pt: "Sua senha foi alterada. Suas outras sessões foram encerradas." }
    MustChangePassword { en: "An administrator set your password. Choose your own password to continue.", nl: "Een beheerder heeft uw wachtwoord ingesteld. Kies uw eigen wachtwoord om verder te gaan.", fr: "Un administrateur a défini votre mot de passe. Choisissez votre propre mot de passe pour continuer.", pt: "Um administrador definiu sua senha. Escolha sua própria senha para continuar." }
    ErrPasswordMismatch { en: "The two new passwords differ. Type the same password twice.", nl: "De twee nieuwe wachtwoorden verschillen. Typ twee keer hetzelfde wachtwoord.", fr: "Les deux nouveaux mots de passe diffèrent. Saisissez deux fois le même mot de passe.", pt: "As duas novas senhas são diferentes. Digite a mesma senha duas vezes." }
    ErrWrongPassword { en: "That is not your current password.", nl: "Dat is niet uw huidige wachtwoord.", fr: "Ce n'est pas votre mot de passe actuel.", pt: "Essa não é a sua senha atual." }
    ErrPasswordUnchanged { en: "Choose a password that differs from the current one.", nl: "Kies een wachtwoord dat verschilt van het huidige.", fr: "Choisissez un mot de passe différent de l'actuel.", pt: "Escolha uma senha diferente da atual." }
    ErrPasswordChangeRequired { en: "An administrator set your password: choose your own under Settings > My account before you continue.", nl: "Een beheerder heeft uw wachtwoord ingesteld: kies eerst uw eigen wachtwoord onder Instellingen > Mijn account.", fr: "Un administrateur a défini votre mot de passe : choisissez le vôtre dans Paramètres > Mon compte avant de continuer.", pt: "Um administrador definiu sua senha: escolha a sua em Configurações > Minha conta antes de continuar." }
    // Settings: partner offices.
    LocationsTitle { en: "Partner offices", nl: "Partnerkantoren", fr: "Bureaux partenaires", pt: "Escritórios do parceiro" }
    LocationsIntro { en: "The locations of your company. Each purchase offer is associated with one of them.", nl: "De locaties van uw bedrijf. Elke aankoopaanbieding hoort bij een van deze locaties.", fr: "Les sites de votre entreprise. Chaque offre d'achat est associée à l'un d'eux.", pt: "Os locais da sua empresa. Cada oferta de compra é associada a um deles." }
    AddLocation { en: "Add a location", nl: "Een locatie toevoegen", fr: "Ajouter un emplacement", pt: "Adicionar um local" }
    OfficeName { en: "Office name", nl: "Naam van het kantoor", fr: "Nom du bureau", pt: "Nome do escritório" }
    AddressLine1 { en: "Address line 1", nl: "Adresregel 1", fr: "Ligne d'adresse 1", pt: "Linha de endereço 1" }
    Address { en: "Address", nl: "Adres", fr: "Adresse", pt: "Endereço" }
    City { en: "City", nl: "Plaats", fr: "Ville", pt: "Cidade" }
    Country { en: "Country or region", nl: "Land of regio", fr: "Pays ou région", pt: "País ou região" }
    NoOfficesYet { en: "No offices yet. Add a location to create purchase offers.", nl: "Nog geen kantoren. Voeg een locatie toe om aankoopaanbiedingen te maken.", fr: "Aucun bureau pour l'instant. Ajoutez un emplacement pour créer des offres d'achat.", pt: "Nenhum escritório ainda. Adicione um local para criar ofertas de compra." }
    OfficeAdded { en: "Office added. You can choose it for purchase offers now.", nl: "Kantoor toegevoegd. U kunt het nu kiezen voor aankoopaanbiedingen.", fr: "Bureau ajouté. Vous pouvez dès maintenant le choisir pour vos offres d'achat.", pt: "Escritório adicionado. Você já pode escolhê-lo para ofertas de compra." }
    // Indirect resellers (provider side).
    ResellersIntro { en: "The indirect resellers you have a partnership with. Together you serve common customers.", nl: "De indirecte resellers waarmee u een partnerschap hebt. Samen bedient u gemeenschappelijke klanten.", fr: "Les revendeurs indirects avec lesquels vous avez un partenariat. Ensemble, vous servez des clients communs.", pt: "Os revendedores indiretos com os quais você tem uma parceria. Juntos, vocês atendem clientes em comum." }
    RequestPartnership { en: "Request a partnership", nl: "Een partnerschap aanvragen", fr: "Demander un partenariat", pt: "Solicitar uma parceria" }
    SearchResellers { en: "Search by name or MPN ID", nl: "Zoeken op naam of MPN-id", fr: "Rechercher par nom ou ID MPN", pt: "Pesquisar por nome ou ID MPN" }
    NoResellersYet { en: "No partnerships yet. Select Request a partnership and email the link to a reseller.", nl: "Nog geen partnerschappen. Selecteer Een partnerschap aanvragen en e-mail de link naar een reseller.", fr: "Aucun partenariat pour l'instant. Sélectionnez Demander un partenariat et envoyez le lien à un revendeur.", pt: "Nenhuma parceria ainda. Selecione Solicitar uma parceria e envie o link por email a um revendedor." }
    NoResellersMatch { en: "No partnered reseller matches this search.", nl: "Geen partner-reseller komt overeen met deze zoekopdracht.", fr: "Aucun revendeur partenaire ne correspond à cette recherche.", pt: "Nenhum revendedor parceiro corresponde a esta pesquisa." }
    ResellerName { en: "Reseller", nl: "Reseller", fr: "Revendeur", pt: "Revendedor" }
    MpnId { en: "MPN ID", nl: "MPN-id", fr: "ID MPN", pt: "ID MPN" }
    Location { en: "Location", nl: "Locatie", fr: "Emplacement", pt: "Local" }
    PartneredSince { en: "Partnered since", nl: "Partner sinds", fr: "Partenaire depuis", pt: "Parceiro desde" }
    PartneredSinceDate { en: "Partnered since {date}", nl: "Partner sinds {date}", fr: "Partenaire depuis le {date}", pt: "Parceiro desde {date}" }
    Actions { en: "Actions", nl: "Acties", fr: "Actions", pt: "Ações" }
    AddNewCustomer { en: "Add new customer", nl: "Nieuwe klant toevoegen", fr: "Ajouter un nouveau client", pt: "Adicionar novo cliente" }
    RemovePartnership { en: "Remove partnership", nl: "Partnerschap verwijderen", fr: "Supprimer le partenariat", pt: "Remover parceria" }
    RequestsNotAccepted { en: "Requests sent, not yet accepted", nl: "Verzonden aanvragen, nog niet geaccepteerd", fr: "Demandes envoyées, pas encore acceptées", pt: "Solicitações enviadas, ainda não aceitas" }
    RequestsNotAcceptedHint { en: "Each request has its own link. Revoke a link that went to the wrong person, then request again.", nl: "Elke aanvraag heeft een eigen link. Trek een link in die naar de verkeerde persoon ging en vraag opnieuw aan.", fr: "Chaque demande a son propre lien. Révoquez un lien envoyé à la mauvaise personne, puis refaites une demande.", pt: "Cada solicitação tem o próprio link. Revogue um link enviado à pessoa errada e solicite novamente." }
    RequestSentTo { en: "Sent to {email} on {date}", nl: "Verzonden naar {email} op {date}", fr: "Envoyée à {email} le {date}", pt: "Enviada para {email} em {date}" }
    RequestSentOn { en: "Sent on {date}", nl: "Verzonden op {date}", fr: "Envoyée le {date}", pt: "Enviada em {date}" }
    RequestDraftSince { en: "Draft from {date}, not marked as sent", nl: "Concept van {date}, niet gemarkeerd als verzonden", fr: "Brouillon du {date}, non marqué comme envoyé", pt: "Rascunho de {date}, não marcado como enviado" }
    OpenDraft { en: "Open draft", nl: "Concept openen", fr: "Ouvrir le brouillon", pt: "Abrir rascunho" }
    RevokeLink { en: "Revoke link", nl: "Link intrekken", fr: "Révoquer le lien", pt: "Revogar link" }
    RevokeLinkHint { en: "Whoever opens a revoked link is told it no longer works. You can request a partnership again with a new link.", nl: "Wie een ingetrokken link opent, krijgt te horen dat deze niet meer werkt. U kunt opnieuw een partnerschap aanvragen met een nieuwe link.", fr: "Quiconque ouvre un lien révoqué apprend qu'il ne fonctionne plus. Vous pouvez refaire une demande de partenariat avec un nouveau lien.", pt: "Quem abrir um link revogado será informado de que ele não funciona mais. Você pode solicitar a parceria novamente com um novo link." }
    PartnershipRemoved { en: "The partnership with {reseller} was removed.", nl: "Het partnerschap met {reseller} is verwijderd.", fr: "Le partenariat avec {reseller} a été supprimé.", pt: "A parceria com {reseller} foi removida." }
    ResellerAppearsNowhere { en: "This reseller is not associated with any of your customers or subscriptions.", nl: "Deze reseller is niet gekoppeld aan uw klanten of abonnementen.", fr: "Ce revendeur n'est associé à aucun de vos clients ni abonnements.", pt: "Este revendedor não está associado a nenhum dos seus clientes ou assinaturas." }
    ResellerStillAppears { en: "The reseller still appears here, and stays there until you change it:", nl: "De reseller staat nog hier, en blijft daar tot u het wijzigt:", fr: "Le revendeur apparaît encore ici, et y reste jusqu'à ce que vous le changiez :", pt: "O revendedor ainda aparece aqui e permanece até que você altere:" }
    AssociatedCustomer { en: "associated customer", nl: "gekoppelde klant", fr: "client associé", pt: "cliente associado" }
    ResellerOfRecord { en: "Reseller of record", nl: "Reseller van record", fr: "Revendeur attitré", pt: "Revendedor registrado" }
    DesignatedSupportContact { en: "Designated support contact", nl: "Aangewezen ondersteuningscontact", fr: "Contact de support désigné", pt: "Contato de suporte designado" }
    DraftIntro { en: "A draft email message with your personalised link. Open it in your email app, or copy it and paste it into an email. Select Done when finished.", nl: "Een concept-e-mailbericht met uw persoonlijke link. Open het in uw e-mailapp, of kopieer het en plak het in een e-mail. Selecteer Gereed als u klaar bent.", fr: "Un brouillon de message électronique avec votre lien personnalisé. Ouvrez-le dans votre messagerie, ou copiez-le et collez-le dans un e-mail. Sélectionnez Terminé lorsque vous avez fini.", pt: "Um rascunho de email com o seu link personalizado. Abra-o no seu aplicativo de email, ou copie e cole em um email. Selecione Concluído ao terminar." }
    KeepLinkWarning { en: "You can edit the text in the email message, but be sure to include the link, as it is personalised for your account.", nl: "U kunt de tekst van het e-mailbericht bewerken, maar zorg dat de link erin blijft, want die is gepersonaliseerd voor uw account.", fr: "Vous pouvez modifier le texte du message, mais veillez à inclure le lien, car il est personnalisé pour votre compte.", pt: "Você pode editar o texto do email, mas inclua o link, pois ele é personalizado para a sua conta." }
    ResellerEmail { en: "Reseller's email address", nl: "E-mailadres van de reseller", fr: "Adresse e-mail du revendeur", pt: "Endereço de email do revendedor" }
    ResellerEmailHint { en: "Optional. Kept with the request so you know whom you sent it to.", nl: "Optioneel. Wordt bij de aanvraag bewaard, zodat u weet naar wie u die stuurde.", fr: "Facultatif. Conservée avec la demande pour savoir à qui vous l'avez envoyée.", pt: "Opcional. Fica com a solicitação para você saber a quem a enviou." }
    EmailSubject { en: "Subject", nl: "Onderwerp", fr: "Objet", pt: "Assunto" }
    EmailMessage { en: "Message", nl: "Bericht", fr: "Message", pt: "Mensagem" }
    LinkMissing { en: "The message no longer contains your personalised link. Put it back before you send the message.", nl: "Het bericht bevat uw persoonlijke link niet meer. Zet die terug voordat u het bericht verstuurt.", fr: "Le message ne contient plus votre lien personnalisé. Remettez-le avant d'envoyer le message.", pt: "A mensagem não contém mais o seu link personalizado. Coloque-o de volta antes de enviar." }
    PersonalisedLink { en: "Personalised link", nl: "Persoonlijke link", fr: "Lien personnalisé", pt: "Link personalizado" }
    RemovePartnershipQuestion { en: "Remove the partnership with {reseller}?", nl: "Het partnerschap met {reseller} verwijderen?", fr: "Supprimer le partenariat avec {reseller} ?", pt: "Remover a parceria com {reseller}?" }
    RemoveConsequenceCustomers { en: "Customers associated to the indirect reseller will not be removed. Any delegated admin privileges granted will remain unchanged.", nl: "Klanten die aan de indirecte reseller zijn gekoppeld, worden niet verwijderd. Verleende gedelegeerde beheerdersbevoegdheden blijven ongewijzigd.", fr: "Les clients associés au revendeur indirect ne seront pas supprimés. Les privilèges d'administration délégués accordés resteront inchangés.", pt: "Os clientes associados ao revendedor indireto não serão removidos. Os privilégios de administrador delegado concedidos permanecerão inalterados." }
    RemoveConsequenceGoodFaith { en: "You represent that the decision to discontinue your relationship with the partner was made in good faith, for a legitimate business purpose, and in accordance with your agreement with your customer or partner.", nl: "U verklaart dat het besluit om de relatie met de partner te beëindigen te goeder trouw is genomen, voor een legitiem zakelijk doel en in overeenstemming met uw overeenkomst met uw klant of partner.", fr: "Vous déclarez que la décision de mettre fin à votre relation avec le partenaire a été prise de bonne foi, dans un but commercial légitime et conformément à votre accord avec votre client ou partenaire.", pt: "Você declara que a decisão de encerrar o relacionamento com o parceiro foi tomada de boa-fé, para um propósito comercial legítimo e de acordo com o seu contrato com o cliente ou parceiro." }
    RemoveConsequenceNotice { en: "You must provide legal notice of termination to your customer or partner if your agreement requires it. This tool does not send any notice to the reseller or customer.", nl: "U moet uw klant of partner juridisch op de hoogte stellen van de beëindiging als uw overeenkomst dat vereist. Dit hulpmiddel stuurt geen bericht naar de reseller of klant.", fr: "Vous devez notifier légalement la résiliation à votre client ou partenaire si votre accord l'exige. Cet outil n'envoie aucune notification au revendeur ni au client.", pt: "Você deve notificar legalmente o término ao cliente ou parceiro se o seu contrato exigir. Esta ferramenta não envia nenhum aviso ao revendedor ou cliente." }
    // Indirect resellers (reseller side).
    PartnershipAccepted { en: "Partnership accepted. The provider now sees you in its list of indirect resellers.", nl: "Partnerschap geaccepteerd. De provider ziet u nu in zijn lijst met indirecte resellers.", fr: "Partenariat accepté. Le fournisseur vous voit désormais dans sa liste de revendeurs indirects.", pt: "Parceria aceita. O provedor agora vê você na lista de revendedores indiretos." }
    NoProvidersYet { en: "No partnerships yet. When an indirect provider emails you a partnership request, open its link to accept it.", nl: "Nog geen partnerschappen. Als een indirecte provider u een partnerschapsaanvraag e-mailt, opent u de link om die te accepteren.", fr: "Aucun partenariat pour l'instant. Lorsqu'un fournisseur indirect vous envoie une demande de partenariat, ouvrez son lien pour l'accepter.", pt: "Nenhuma parceria ainda. Quando um provedor indireto enviar uma solicitação de parceria por email, abra o link para aceitá-la." }
    NoCustomersGiven { en: "No customers or subscriptions from this provider yet.", nl: "Nog geen klanten of abonnementen van deze provider.", fr: "Aucun client ni abonnement de ce fournisseur pour l'instant.", pt: "Nenhum cliente ou assinatura deste provedor ainda." }
    PartnershipRequestTitle { en: "Partnership request", nl: "Partnerschapsaanvraag", fr: "Demande de partenariat", pt: "Solicitação de parceria" }
    ProviderAsks { en: "{provider} invites you to partner with them as an indirect reseller.", nl: "{provider} nodigt u uit om als indirecte reseller partner te worden.", fr: "{provider} vous invite à devenir son partenaire en tant que revendeur indirect.", pt: "{provider} convida você para ser parceiro como revendedor indireto." }
    PartnershipMeans { en: "With a partnership, the provider can add customers on your behalf, associate you with subscriptions so that you receive incentives, and designate you as the customer's support contact.", nl: "Met een partnerschap kan de provider namens u klanten toevoegen, u aan abonnementen koppelen zodat u incentives ontvangt, en u aanwijzen als ondersteuningscontact van de klant.", fr: "Avec un partenariat, le fournisseur peut ajouter des clients en votre nom, vous associer à des abonnements pour que vous receviez des incitations, et vous désigner comme contact de support du client.", pt: "Com uma parceria, o provedor pode adicionar clientes em seu nome, associar você a assinaturas para que receba incentivos e designar você como contato de suporte do cliente." }
    RequestAcceptedBy { en: "This request has already been accepted by {reseller}. Each link can be accepted once; ask the provider for a new one if you need it.", nl: "Deze aanvraag is al geaccepteerd door {reseller}. Elke link kan één keer worden geaccepteerd; vraag de provider zo nodig om een nieuwe.", fr: "Cette demande a déjà été acceptée par {reseller}. Chaque lien ne peut être accepté qu'une fois ; demandez-en un nouveau au fournisseur si nécessaire.", pt: "Esta solicitação já foi aceita por {reseller}. Cada link pode ser aceito uma vez; peça um novo ao provedor, se precisar." }
    AcceptFor { en: "Accept for {organisation}", nl: "Accepteren voor {organisation}", fr: "Accepter pour {organisation}", pt: "Aceitar para {organisation}" }
    AlreadyPartnersWith { en: "{organisation} is already a partner of this provider. There is nothing more to do.", nl: "{organisation} is al partner van deze provider. U hoeft niets meer te doen.", fr: "{organisation} est déjà partenaire de ce fournisseur. Il n'y a rien d'autre à faire.", pt: "{organisation} já é parceiro deste provedor. Não há mais nada a fazer." }
    AcceptNeedsReseller { en: "A partnership request is accepted by a Global admin or Admin agent of an indirect reseller organisation. Sign out and sign in with such an account.", nl: "Een partnerschapsaanvraag wordt geaccepteerd door een globale beheerder of beheeragent van een indirecte reseller. Meld u af en meld u aan met zo'n account.", fr: "Une demande de partenariat est acceptée par un administrateur général ou un agent d'administration d'un revendeur indirect. Déconnectez-vous et connectez-vous avec un tel compte.", pt: "Uma solicitação de parceria é aceita por um administrador global ou agente administrador de um revendedor indireto. Saia e entre com uma conta assim." }
    HaveAccount { en: "Already on PartnerDesk?", nl: "Al op PartnerDesk?", fr: "Déjà sur PartnerDesk ?", pt: "Já está no PartnerDesk?" }
    HaveAccountHint { en: "Sign in with your reseller account, then accept the request.", nl: "Meld u aan met uw reselleraccount en accepteer daarna de aanvraag.", fr: "Connectez-vous avec votre compte revendeur, puis acceptez la demande.", pt: "Entre com sua conta de revendedor e aceite a solicitação." }
    SignInToAccept { en: "Sign in to accept", nl: "Aanmelden om te accepteren", fr: "Se connecter pour accepter", pt: "Entrar para aceitar" }
    RegisterReseller { en: "New here? Register your reseller organisation", nl: "Nieuw hier? Registreer uw resellerorganisatie", fr: "Nouveau ? Inscrivez votre organisation de revendeur", pt: "Novo aqui? Cadastre sua organização revendedora" }
    RegisterResellerHint { en: "You become the Global admin of your organisation and can accept the request right after.", nl: "U wordt globale beheerder van uw organisatie en kunt de aanvraag direct daarna accepteren.", fr: "Vous devenez administrateur général de votre organisation et pouvez accepter la demande juste après.", pt: "Você se torna administrador global da sua organização e pode aceitar a solicitação logo em seguida." }
    CompanyName { en: "Company name", nl: "Bedrijfsnaam", fr: "Nom de l'entreprise", pt: "Nome da empresa" }
    MpnIdHint { en: "The numeric ID of your partner location account (6 to 10 digits).", nl: "De numerieke id van uw partnerlocatieaccount (6 tot 10 cijfers).", fr: "L'identifiant numérique du compte d'emplacement partenaire (6 à 10 chiffres).", pt: "O ID numérico da conta de local do parceiro (6 a 10 dígitos)." }
    YourName { en: "Your name", nl: "Uw naam", fr: "Votre nom", pt: "Seu nome" }
    NewPassword { en: "Choose a password", nl: "Kies een wachtwoord", fr: "Choisissez un mot de passe", pt: "Escolha uma senha" }
    PasswordHint { en: "At least {min} characters; a short sentence works well.", nl: "Minstens {min} tekens; een korte zin werkt goed.", fr: "Au moins {min} caractères ; une courte phrase convient bien.", pt: "Pelo menos {min} caracteres; uma frase curta funciona bem." }
    RegisterAndContinue { en: "Register and continue", nl: "Registreren en doorgaan", fr: "S'inscrire et continuer", pt: "Cadastrar e continuar" }
    PartnershipMailSubject { en: "{provider} invites you to partner as an indirect reseller", nl: "{provider} nodigt u uit om partner te worden als indirecte reseller", fr: "{provider} vous invite à devenir partenaire en tant que revendeur indirect", pt: "{provider} convida você a ser parceiro como revendedor indireto" }
    PartnershipMailBody { en: "Hello,\n\n{provider} would like to partner with you as an indirect reseller in the Cloud Solution Provider program, so that we can serve customers together.\n\nOpen this link to accept the partnership request (it is personalised for us, so please use it as it is):\n{link}\n\nKind regards,\n{provider}", nl: "Hallo,\n\n{provider} wil graag met u samenwerken als indirecte reseller in het Cloud Solution Provider-programma, zodat we samen klanten kunnen bedienen.\n\nOpen deze link om de partnerschapsaanvraag te accepteren (hij is voor ons gepersonaliseerd, gebruik hem dus ongewijzigd):\n{link}\n\nMet vriendelijke groet,\n{provider}", fr: "Bonjour,\n\n{provider} souhaite devenir votre partenaire en tant que revendeur indirect dans le programme Fournisseur de solutions cloud, afin que nous servions des clients ensemble.\n\nOuvrez ce lien pour accepter la demande de partenariat (il nous est personnalisé, utilisez-le tel quel) :\n{link}\n\nCordialement,\n{provider}", pt: "Olá,\n\n{provider} gostaria de ser seu parceiro como revendedor indireto no programa Provedor de Soluções na Nuvem, para atendermos clientes juntos.\n\nAbra este link para aceitar a solicitação de parceria (ele é personalizado para nós, use-o como está):\n{link}\n\nAtenciosamente,\n{provider}" }
    RefusedRequestAccepted { en: "This partnership request has already been accepted. Each link can be accepted once.", nl: "Deze partnerschapsaanvraag is al geaccepteerd. Elke link kan één keer worden geaccepteerd.", fr: "Cette demande de partenariat a déjà été acceptée. Chaque lien ne peut être accepté qu'une fois.", pt: "Esta solicitação de parceria já foi aceita. Cada link pode ser aceito uma vez." }
    RefusedRequestRevoked { en: "The provider revoked this partnership request, so its link no longer works. Ask the provider for a new one.", nl: "De provider heeft deze partnerschapsaanvraag ingetrokken; de link werkt niet meer. Vraag de provider om een nieuwe.", fr: "Le fournisseur a révoqué cette demande de partenariat ; son lien ne fonctionne plus. Demandez-en un nouveau au fournisseur.", pt: "O provedor revogou esta solicitação de parceria, e o link não funciona mais. Peça um novo ao provedor." }
    RefusedAlreadyPartners { en: "Your organisation is already a partner of this provider.", nl: "Uw organisatie is al partner van deze provider.", fr: "Votre organisation est déjà partenaire de ce fournisseur.", pt: "Sua organização já é parceira deste provedor." }
    RefusedOwnRequest { en: "This is your own organisation's partnership request. Send its link to a reseller to accept.", nl: "Dit is de partnerschapsaanvraag van uw eigen organisatie. Stuur de link naar een reseller om te accepteren.", fr: "Il s'agit de la demande de partenariat de votre propre organisation. Envoyez son lien à un revendeur pour qu'il l'accepte.", pt: "Esta é a solicitação de parceria da sua própria organização. Envie o link a um revendedor para que ele aceite." }
    RefusedNotPartnered { en: "This reseller is not a partner of your organisation. Request a partnership first.", nl: "Deze reseller is geen partner van uw organisatie. Vraag eerst een partnerschap aan.", fr: "Ce revendeur n'est pas partenaire de votre organisation. Demandez d'abord un partenariat.", pt: "Este revendedor não é parceiro da sua organização. Solicite uma parceria primeiro." }
    RefusedAlreadySubmitted { en: "This order was already submitted, and the customer exists. Find it on the Customers page.", nl: "Deze bestelling is al verzonden en de klant bestaat. U vindt die op de pagina Klanten.", fr: "Cette commande a déjà été envoyée et le client existe. Retrouvez-le sur la page Clients.", pt: "Este pedido já foi enviado e o cliente existe. Encontre-o na página Clientes." }
    ErrMpnIdTaken { en: "An organisation with this MPN ID is already registered. If it is yours, sign in with its account. If it is not, the PartnerDesk operator has been told and will contact you at the email address you entered to correct it.", nl: "Er is al een organisatie met deze MPN-id geregistreerd. Is het de uwe, meld u dan aan met dat account. Zo niet, dan is de beheerder van PartnerDesk op de hoogte gebracht en neemt die contact met u op via het ingevulde e-mailadres om dit te corrigeren.", fr: "Une organisation avec cet ID MPN est déjà inscrite. Si c'est la vôtre, connectez-vous avec son compte. Sinon, l'opérateur de PartnerDesk a été prévenu et vous contactera à l'adresse e-mail saisie pour corriger cela.", pt: "Já existe uma organização cadastrada com este ID MPN. Se for a sua, entre com a conta dela. Se não for, o operador do PartnerDesk foi avisado e entrará em contato pelo e-mail informado para corrigir isso." }
    ErrEmailTaken { en: "An account with this email address already exists. Sign in instead.", nl: "Er bestaat al een account met dit e-mailadres. Meld u in plaats daarvan aan.", fr: "Un compte avec cette adresse e-mail existe déjà. Connectez-vous plutôt.", pt: "Já existe uma conta com este endereço de email. Entre em vez disso." }
    ErrLogoFormat { en: "Use a PNG, JPEG or WebP image.", nl: "Gebruik een PNG-, JPEG- of WebP-afbeelding.", fr: "Utilisez une image PNG, JPEG ou WebP.", pt: "Use uma imagem PNG, JPEG ou WebP." }
    ErrLogoTooLarge { en: "The logo can be at most {max} KB. Use a smaller image.", nl: "Het logo mag maximaal {max} KB zijn. Gebruik een kleinere afbeelding.", fr: "Le logo ne peut pas dépasser {max} Ko. Utilisez une image plus petite.", pt: "O logotipo pode ter no máximo {max} KB. Use uma imagem menor." }
    ErrPasswordTooShort { en: "Use at least {min} characters.", nl: "Gebruik minstens {min} tekens.", fr: "Utilisez au moins {min} caractères.", pt: "Use pelo menos {min} caracteres." }

    // Indirect providers: profiles, the directory, the operator's approval queue (#12).
    NavDirectory { en: "Find a provider", nl: "Provider zoeken", fr: "Trouver un fournisseur", pt: "Encontrar um provedor" }
    NavProviderProfile { en: "Provider profile", nl: "Providerprofiel", fr: "Profil de fournisseur", pt: "Perfil do provedor" }
    NavMpnIdConflicts { en: "MPN ID disputes", nl: "MPN-id-geschillen", fr: "Litiges d'ID MPN", pt: "Disputas de ID MPN" }
    MpnIdConflictsIntro { en: "Organisations that registered through a partnership link with an MPN ID another organisation already holds. Check with both (the Microsoft Partner Network knows who holds an MPN ID), then keep the MPN ID with its holder or release it so the claimant can register with it. Releasing keeps the holder's account and data; only its MPN ID is removed.", nl: "Organisaties die zich via een partnerschapslink hebben geregistreerd met een MPN-id die al van een andere organisatie is. Controleer dit bij beide (het Microsoft Partner Network weet van wie een MPN-id is) en laat de MPN-id dan bij de houder of geef hem vrij zodat de aanvrager zich ermee kan registreren. Bij vrijgeven blijven het account en de gegevens van de houder bestaan; alleen de MPN-id wordt verwijderd.", fr: "Organisations inscrites via un lien de partenariat avec un ID MPN qu'une autre organisation détient déjà. Vérifiez auprès des deux (le Microsoft Partner Network sait à qui appartient un ID MPN), puis laissez l'ID MPN à son détenteur ou libérez-le pour que le demandeur puisse s'inscrire avec. La libération conserve le compte et les données du détenteur ; seul son ID MPN est retiré.", pt: "Organizações que se cadastraram por um link de parceria com um ID MPN que outra organização já possui. Confirme com ambas (a Microsoft Partner Network sabe quem possui um ID MPN) e mantenha o ID MPN com o titular ou libere-o para que o solicitante possa se cadastrar com ele. A liberação mantém a conta e os dados do titular; só o ID MPN é removido." }
    MpnIdConflictResolved { en: "Decision saved.", nl: "Besluit opgeslagen.", fr: "Décision enregistrée.", pt: "Decisão salva." }
    NoMpnIdConflicts { en: "No MPN ID is disputed.", nl: "Er is geen MPN-id in geschil.", fr: "Aucun ID MPN n'est contesté.", pt: "Nenhum ID MPN está em disputa." }
    MpnIdConflictHeading { en: "MPN ID {mpn_id}", nl: "MPN-id {mpn_id}", fr: "ID MPN {mpn_id}", pt: "ID MPN {mpn_id}" }
    MpnIdHeldBy { en: "Held by", nl: "In gebruik bij", fr: "Détenu par", pt: "Em uso por" }
    MpnIdClaimedBy { en: "Claimed by", nl: "Geclaimd door", fr: "Revendiqué par", pt: "Reivindicado por" }
    MpnIdClaimedOn { en: "Claimed on", nl: "Geclaimd op", fr: "Revendiqué le", pt: "Reivindicado em" }
    MpnIdKeep { en: "Keep with holder", nl: "Bij houder laten", fr: "Laisser au détenteur", pt: "Manter com o titular" }
    MpnIdRelease { en: "Release MPN ID", nl: "MPN-id vrijgeven", fr: "Libérer l'ID MPN", pt: "Liberar ID MPN" }
    NavProfileChanges { en: "Profile changes", nl: "Profielwijzigingen", fr: "Modifications de profil", pt: "Alterações de perfil" }
    RoleOperator { en: "PartnerDesk operator", nl: "PartnerDesk-beheerder", fr: "Opérateur PartnerDesk", pt: "Operador do PartnerDesk" }
    DirectoryTitle { en: "Find an indirect provider", nl: "Een indirecte provider zoeken", fr: "Trouver un fournisseur indirect", pt: "Encontrar um provedor indireto" }
    DirectoryIntro { en: "These indirect providers work with indirect resellers in the Cloud Solution Provider program. Search by name, MPN ID or keyword, or choose a country or region you serve, then contact a provider to become its reseller.", nl: "Deze indirecte providers werken samen met indirecte resellers in het Cloud Solution Provider-programma. Zoek op naam, MPN-id of trefwoord, of kies een land of regio die u bedient, en neem contact op met een provider om zijn reseller te worden.", fr: "Ces fournisseurs indirects travaillent avec des revendeurs indirects dans le programme Fournisseur de solutions cloud. Recherchez par nom, ID MPN ou mot-clé, ou choisissez un pays ou une région que vous servez, puis contactez un fournisseur pour devenir son revendeur.", pt: "Estes provedores indiretos trabalham com revendedores indiretos no programa Provedor de Soluções na Nuvem. Pesquise por nome, ID MPN ou palavra-chave, ou escolha um país ou região que você atende, e entre em contato com um provedor para se tornar revendedor dele." }
    DirectorySearch { en: "Name, MPN ID or keyword", nl: "Naam, MPN-id of trefwoord", fr: "Nom, ID MPN ou mot-clé", pt: "Nome, ID MPN ou palavra-chave" }
    DirectoryCountry { en: "Serves country or region", nl: "Bedient land of regio", fr: "Dessert le pays ou la région", pt: "Atende país ou região" }
    AllCountries { en: "All countries and regions", nl: "Alle landen en regio's", fr: "Tous les pays et régions", pt: "Todos os países e regiões" }
    DirectoryCount { en: "Providers found: {count}", nl: "Gevonden providers: {count}", fr: "Fournisseurs trouvés : {count}", pt: "Provedores encontrados: {count}" }
    DirectoryEmpty { en: "No provider matches. Try another name or keyword, or all countries and regions.", nl: "Geen provider gevonden. Probeer een andere naam of een ander trefwoord, of alle landen en regio's.", fr: "Aucun fournisseur ne correspond. Essayez un autre nom ou mot-clé, ou tous les pays et régions.", pt: "Nenhum provedor corresponde. Tente outro nome ou palavra-chave, ou todos os países e regiões." }
    ProviderSinceDate { en: "Indirect provider since {date}", nl: "Indirecte provider sinds {date}", fr: "Fournisseur indirect depuis le {date}", pt: "Provedor indireto desde {date}" }
    ProfileDescription { en: "Description", nl: "Beschrijving", fr: "Description", pt: "Descrição" }
    ProfileDescriptionHint { en: "What you offer resellers, in at most {max} characters.", nl: "Wat u resellers biedt, in maximaal {max} tekens.", fr: "Ce que vous proposez aux revendeurs, en {max} caractères au plus.", pt: "O que você oferece aos revendedores, em no máximo {max} caracteres." }
    ProfileCountries { en: "Countries and regions served", nl: "Bediende landen en regio's", fr: "Pays et régions desservis", pt: "Países e regiões atendidos" }
    ProfileCountriesHint { en: "Codes or names, separated by commas, for example NL, BE, United Kingdom.", nl: "Codes of namen, gescheiden door komma's, bijvoorbeeld NL, BE, Verenigd Koninkrijk.", fr: "Codes ou noms, séparés par des virgules, par exemple FR, BE, Royaume-Uni.", pt: "Códigos ou nomes, separados por vírgulas, por exemplo BR, PT, Reino Unido." }
    ProfileWebsite { en: "Website", nl: "Website", fr: "Site web", pt: "Site" }
    ProfileContactEmail { en: "Contact email", nl: "Contact-e-mail", fr: "E-mail de contact", pt: "Email de contato" }
    ProfileContactPhone { en: "Contact phone", nl: "Contacttelefoon", fr: "Téléphone de contact", pt: "Telefone de contato" }
    ProfileProviderSince { en: "Indirect provider since", nl: "Indirecte provider sinds", fr: "Fournisseur indirect depuis", pt: "Provedor indireto desde" }
    ProfileAsItAppears { en: "Your profile as it appears in the directory", nl: "Uw profiel zoals het in de lijst staat", fr: "Votre profil tel qu'il apparaît dans l'annuaire", pt: "Seu perfil como aparece no diretório" }
    ProfileNotPublished { en: "Your profile is not in the directory yet. Propose one below; it appears once the operator approves it.", nl: "Uw profiel staat nog niet in de lijst. Stel er hieronder een voor; het verschijnt zodra de beheerder het goedkeurt.", fr: "Votre profil n'est pas encore dans l'annuaire. Proposez-en un ci-dessous ; il apparaîtra dès que l'opérateur l'aura approuvé.", pt: "Seu perfil ainda não está no diretório. Proponha um abaixo; ele aparece assim que o operador o aprovar." }
    ProfilePendingTitle { en: "Waiting for approval", nl: "Wacht op goedkeuring", fr: "En attente d'approbation", pt: "Aguardando aprovação" }
    ProfilePendingText { en: "Proposed on {date} by {name}. The directory shows it once the operator approves it.", nl: "Voorgesteld op {date} door {name}. De lijst toont het zodra de beheerder het goedkeurt.", fr: "Proposé le {date} par {name}. L'annuaire l'affichera dès que l'opérateur l'aura approuvé.", pt: "Proposto em {date} por {name}. O diretório mostra a alteração assim que o operador a aprovar." }
    ProfileChangedHint { en: "Changed fields are marked.", nl: "Gewijzigde velden zijn gemarkeerd.", fr: "Les champs modifiés sont signalés.", pt: "Os campos alterados estão marcados." }
    ProfileRejected { en: "The operator rejected your last proposal on {date}:", nl: "De beheerder heeft uw laatste voorstel op {date} afgewezen:", fr: "L'opérateur a refusé votre dernière proposition le {date} :", pt: "O operador rejeitou sua última proposta em {date}:" }
    ProfileProposed { en: "Your change was sent for approval. The directory shows it once the operator approves it.", nl: "Uw wijziging is ter goedkeuring verzonden. De lijst toont die zodra de beheerder haar goedkeurt.", fr: "Votre modification a été envoyée pour approbation. L'annuaire l'affichera dès que l'opérateur l'aura approuvée.", pt: "Sua alteração foi enviada para aprovação. O diretório a mostra assim que o operador a aprovar." }
    ProfileWithdrawn { en: "Your proposal was withdrawn. The directory is unchanged.", nl: "Uw voorstel is ingetrokken. De lijst is ongewijzigd.", fr: "Votre proposition a été retirée. L'annuaire n'a pas changé.", pt: "Sua proposta foi retirada. O diretório não mudou." }
    WithdrawProposal { en: "Withdraw proposal", nl: "Voorstel intrekken", fr: "Retirer la proposition", pt: "Retirar proposta" }
    ProfileOnlyGlobalAdmin { en: "Only your organisation's Global admin can propose changes to this profile.", nl: "Alleen de globale beheerder van uw organisatie kan wijzigingen in dit profiel voorstellen.", fr: "Seul l'administrateur général de votre organisation peut proposer des modifications de ce profil.", pt: "Somente o administrador global da sua organização pode propor alterações neste perfil." }
    ProposeChanges { en: "Propose changes", nl: "Wijzigingen voorstellen", fr: "Proposer des modifications", pt: "Propor alterações" }
    ProposeChangesHint { en: "The operator of this PartnerDesk reviews every change before the directory shows it. A new proposal replaces one that is still waiting.", nl: "De beheerder van deze PartnerDesk controleert elke wijziging voordat de lijst haar toont. Een nieuw voorstel vervangt een voorstel dat nog wacht.", fr: "L'opérateur de ce PartnerDesk examine chaque modification avant que l'annuaire ne l'affiche. Une nouvelle proposition remplace celle qui est encore en attente.", pt: "O operador deste PartnerDesk revisa cada alteração antes que o diretório a mostre. Uma nova proposta substitui a que ainda está aguardando." }
    ProfileFixedFieldsHint { en: "Company name and MPN ID come from your organisation's account.", nl: "Bedrijfsnaam en MPN-id komen uit het account van uw organisatie.", fr: "Le nom de l'entreprise et l'ID MPN proviennent du compte de votre organisation.", pt: "O nome da empresa e o ID MPN vêm da conta da sua organização." }
    SendForApproval { en: "Send for approval", nl: "Ter goedkeuring verzenden", fr: "Envoyer pour approbation", pt: "Enviar para aprovação" }
    ProfileChangesIntro { en: "Indirect providers' proposed profile changes. Approve to publish a change in the directory at once, or reject it with a note that tells the provider why.", nl: "Voorgestelde profielwijzigingen van indirecte providers. Keur goed om een wijziging meteen in de lijst te publiceren, of wijs haar af met een toelichting voor de provider.", fr: "Modifications de profil proposées par les fournisseurs indirects. Approuvez pour publier aussitôt une modification dans l'annuaire, ou refusez-la avec une note qui explique pourquoi au fournisseur.", pt: "Alterações de perfil propostas pelos provedores indiretos. Aprove para publicar uma alteração no diretório imediatamente, ou rejeite com uma nota que explique o motivo ao provedor." }
    ProfileDecisionSaved { en: "Decision saved. The provider sees it on its profile page.", nl: "Besluit opgeslagen. De provider ziet het op zijn profielpagina.", fr: "Décision enregistrée. Le fournisseur la voit sur sa page de profil.", pt: "Decisão salva. O provedor a vê na página do perfil." }
    NoProfileChanges { en: "No profile change is waiting for approval.", nl: "Er wacht geen profielwijziging op goedkeuring.", fr: "Aucune modification de profil n'attend d'approbation.", pt: "Nenhuma alteração de perfil aguarda aprovação." }
    ProfileFirstPublication { en: "This provider is not in the directory yet: approving publishes its first profile.", nl: "Deze provider staat nog niet in de lijst: goedkeuren publiceert zijn eerste profiel.", fr: "Ce fournisseur n'est pas encore dans l'annuaire : l'approbation publie son premier profil.", pt: "Este provedor ainda não está no diretório: aprovar publica o primeiro perfil dele." }
    ProfileField { en: "Field", nl: "Veld", fr: "Champ", pt: "Campo" }
    ProfileNow { en: "In the directory now", nl: "Nu in de lijst", fr: "Actuellement dans l'annuaire", pt: "No diretório agora" }
    ProfileProposedValue { en: "Proposed", nl: "Voorgesteld", fr: "Proposé", pt: "Proposto" }
    Changed { en: "changed", nl: "gewijzigd", fr: "modifié", pt: "alterado" }
    Approve { en: "Approve", nl: "Goedkeuren", fr: "Approuver", pt: "Aprovar" }
    Reject { en: "Reject", nl: "Afwijzen", fr: "Refuser", pt: "Rejeitar" }
    RejectNote { en: "Note to the provider (needed to reject)", nl: "Toelichting voor de provider (nodig om af te wijzen)", fr: "Note au fournisseur (nécessaire pour refuser)", pt: "Nota ao provedor (necessária para rejeitar)" }
    ErrWebsite { en: "Enter a website address that starts with https://, like https://www.example.com.", nl: "Voer een websiteadres in dat begint met https://, zoals https://www.voorbeeld.nl.", fr: "Saisissez une adresse de site web qui commence par https://, comme https://www.exemple.fr.", pt: "Digite um endereço de site que comece com https://, como https://www.exemplo.com.br." }
    ErrUnknownCountry { en: "\u{201c}{country}\u{201d} is not a country or region. Use a name or a two-letter code such as NL.", nl: "\u{201c}{country}\u{201d} is geen land of regio. Gebruik een naam of een code van twee letters, zoals NL.", fr: "\u{ab}\u{a0}{country}\u{a0}\u{bb} n'est pas un pays ou une région. Utilisez un nom ou un code à deux lettres comme FR.", pt: "\u{201c}{country}\u{201d} não é um país ou região. Use um nome ou um código de duas letras, como BR." }
    ErrSinceDate { en: "Enter a past date (YYYY-MM-DD), from 2000 on.", nl: "Voer een datum in het verleden in (JJJJ-MM-DD), vanaf 2000.", fr: "Saisissez une date passée (AAAA-MM-JJ), à partir de 2000.", pt: "Digite uma data passada (AAAA-MM-DD), a partir de 2000." }
    RefusedChangeDecided { en: "This change was already decided, or the provider withdrew or replaced it. Reload the queue.", nl: "Over deze wijziging is al besloten, of de provider heeft haar ingetrokken of vervangen. Laad de lijst opnieuw.", fr: "Cette modification a déjà été traitée, ou le fournisseur l'a retirée ou remplacée. Rechargez la file.", pt: "Esta alteração já foi decidida, ou o provedor a retirou ou substituiu. Recarregue a fila." }
    CustomerResellerTitle { en: "Indirect reseller of a customer", nl: "Indirecte reseller van een klant", fr: "Revendeur indirect d'un client", pt: "Revendedor indireto de um cliente" }
    CurrentReseller { en: "{reseller} is the indirect reseller of {customer}.", nl: "{reseller} is de indirecte reseller van {customer}.", fr: "{reseller} est le revendeur indirect de {customer}.", pt: "{reseller} é o revendedor indireto de {customer}." }
    CustomerHasNoReseller { en: "This customer has no indirect reseller.", nl: "Deze klant heeft geen indirecte reseller.", fr: "Ce client n'a pas de revendeur indirect.", pt: "Este cliente não tem revendedor indireto." }
    EndedPartnershipKeepsCustomer { en: "Your partnership with this reseller was removed. The reseller stays associated with the customer until you change it here.", nl: "Uw partnerschap met deze reseller is verwijderd. De reseller blijft aan de klant gekoppeld totdat u dat hier wijzigt.", fr: "Votre partenariat avec ce revendeur a été supprimé. Le revendeur reste associé au client jusqu'à ce que vous le changiez ici.", pt: "Sua parceria com este revendedor foi removida. O revendedor continua associado ao cliente até você alterar isso aqui." }
    IndirectResellerForCustomer { en: "Indirect reseller", nl: "Indirecte reseller", fr: "Revendeur indirect", pt: "Revendedor indireto" }
    ResellerUnchanged { en: "That is the customer's reseller already: nothing to change.", nl: "Dat is al de reseller van de klant: er valt niets te wijzigen.", fr: "C'est déjà le revendeur du client : rien à changer.", pt: "Esse já é o revendedor do cliente: nada a alterar." }
    AssociateResellerQuestion { en: "Associate {reseller} with {customer}?", nl: "{reseller} aan {customer} koppelen?", fr: "Associer {reseller} à {customer} ?", pt: "Associar {reseller} a {customer}?" }
    ReplaceResellerQuestion { en: "Replace {old} with {reseller} as the reseller of {customer}?", nl: "{old} vervangen door {reseller} als reseller van {customer}?", fr: "Remplacer {old} par {reseller} comme revendeur de {customer} ?", pt: "Substituir {old} por {reseller} como revendedor de {customer}?" }
    RemoveResellerQuestion { en: "Remove {reseller} as the reseller of {customer}?", nl: "{reseller} verwijderen als reseller van {customer}?", fr: "Retirer {reseller} comme revendeur de {customer} ?", pt: "Remover {reseller} como revendedor de {customer}?" }
    ResellerGains { en: "{reseller} gets administrator access to the account of {customer} and can manage its subscriptions on the customer's behalf; its users see the customer under Indirect providers.", nl: "{reseller} krijgt beheerderstoegang tot het account van {customer} en kan namens de klant de abonnementen beheren; de gebruikers van de reseller zien de klant onder Indirecte providers.", fr: "{reseller} obtient un accès administrateur au compte de {customer} et peut gérer ses abonnements pour le compte du client ; ses utilisateurs voient le client sous Fournisseurs indirects.", pt: "{reseller} recebe acesso de administrador à conta de {customer} e pode gerenciar as assinaturas em nome do cliente; os usuários do revendedor veem o cliente em Provedores indiretos." }
    ResellerLoses { en: "{reseller} loses administrator access to the account and subscriptions of {customer}, and no longer sees the customer.", nl: "{reseller} verliest de beheerderstoegang tot het account en de abonnementen van {customer} en ziet de klant niet meer.", fr: "{reseller} perd l'accès administrateur au compte et aux abonnements de {customer} et ne voit plus le client.", pt: "{reseller} perde o acesso de administrador à conta e às assinaturas de {customer} e deixa de ver o cliente." }
    ResellerSubscriptionsUnchanged { en: "The subscriptions of {customer} keep their Reseller (MPN ID) and Designated support contact; change those on each subscription.", nl: "De abonnementen van {customer} behouden hun Reseller (MPN-id) en Aangewezen ondersteuningscontact; wijzig die per abonnement.", fr: "Les abonnements de {customer} conservent leur Revendeur (ID MPN) et leur Contact de support désigné ; modifiez-les sur chaque abonnement.", pt: "As assinaturas de {customer} mantêm o Revendedor (ID MPN) e o Contato de suporte designado; altere-os em cada assinatura." }
    ConfirmAssociateReseller { en: "Yes, associate", nl: "Ja, koppelen", fr: "Oui, associer", pt: "Sim, associar" }
    ConfirmChangeReseller { en: "Yes, replace", nl: "Ja, vervangen", fr: "Oui, remplacer", pt: "Sim, substituir" }
    ConfirmRemoveReseller { en: "Yes, remove", nl: "Ja, verwijderen", fr: "Oui, retirer", pt: "Sim, remover" }
    CustomerResellerSaved { en: "The customer's indirect reseller was changed.", nl: "De indirecte reseller van de klant is gewijzigd.", fr: "Le revendeur indirect du client a été modifié.", pt: "O revendedor indireto do cliente foi alterado." }
    AssociateReseller { en: "Associate a reseller", nl: "Reseller koppelen", fr: "Associer un revendeur", pt: "Associar um revendedor" }
    ChangeReseller { en: "Change reseller", nl: "Reseller wijzigen", fr: "Changer de revendeur", pt: "Alterar revendedor" }
    // (end of #12 keys)
    // REST API, API keys and webhooks (#13).
    NavApiKeys { en: "API keys", nl: "API-sleutels", fr: "Clés d'API", pt: "Chaves de API" }
    NavWebhooks { en: "Webhooks", nl: "Webhooks", fr: "Webhooks", pt: "Webhooks" }
    ApiReference { en: "API reference", nl: "API-naslag", fr: "Référence de l'API", pt: "Referência da API" }
    ApiKeysIntro { en: "API keys let your own tools use the PartnerDesk REST API on behalf of your organisation. A key carries the roles you choose, and can do only what those roles allow.", nl: "Met API-sleutels gebruiken uw eigen tools de REST API van PartnerDesk namens uw organisatie. Een sleutel heeft de rollen die u kiest en kan alleen doen wat die rollen toestaan.", fr: "Les clés d'API permettent à vos propres outils d'utiliser l'API REST de PartnerDesk au nom de votre organisation. Une clé porte les rôles que vous choisissez et ne peut faire que ce que ces rôles permettent.", pt: "As chaves de API permitem que suas próprias ferramentas usem a API REST do PartnerDesk em nome da sua organização. Uma chave tem as funções que você escolher e só pode fazer o que essas funções permitem." }
    ApiKeyCreated { en: "API key created: {name}", nl: "API-sleutel gemaakt: {name}", fr: "Clé d'API créée : {name}", pt: "Chave de API criada: {name}" }
    ApiKeyShownOnce { en: "Copy this key now and keep it safe: it is shown only once. PartnerDesk keeps only a hash of it.", nl: "Kopieer deze sleutel nu en bewaar hem veilig: hij wordt maar één keer getoond. PartnerDesk bewaart alleen een hash ervan.", fr: "Copiez cette clé maintenant et conservez-la en lieu sûr : elle n'est affichée qu'une fois. PartnerDesk n'en garde qu'une empreinte.", pt: "Copie esta chave agora e guarde-a em local seguro: ela é mostrada apenas uma vez. O PartnerDesk guarda apenas um hash dela." }
    NoApiKeys { en: "Your organisation has no API keys yet.", nl: "Uw organisatie heeft nog geen API-sleutels.", fr: "Votre organisation n'a pas encore de clé d'API.", pt: "Sua organização ainda não tem chaves de API." }
    ApiKeyCreatedOn { en: "Created on {date}", nl: "Gemaakt op {date}", fr: "Créée le {date}", pt: "Criada em {date}" }
    ApiKeyLastUsed { en: "Last used on {date}", nl: "Laatst gebruikt op {date}", fr: "Dernière utilisation le {date}", pt: "Último uso em {date}" }
    ApiKeyNeverUsed { en: "Never used", nl: "Nooit gebruikt", fr: "Jamais utilisée", pt: "Nunca usada" }
    ApiKeyRevoked { en: "Revoked", nl: "Ingetrokken", fr: "Révoquée", pt: "Revogada" }
    RevokeApiKey { en: "Revoke", nl: "Intrekken", fr: "Révoquer", pt: "Revogar" }
    CreateApiKey { en: "Create API key", nl: "API-sleutel maken", fr: "Créer une clé d'API", pt: "Criar chave de API" }
    ApiKeyName { en: "Key name", nl: "Naam van de sleutel", fr: "Nom de la clé", pt: "Nome da chave" }
    ApiKeyNameHint { en: "Say where the key is used, for example \"Billing sync\".", nl: "Vermeld waar de sleutel wordt gebruikt, bijvoorbeeld \"Facturatiekoppeling\".", fr: "Indiquez où la clé est utilisée, par exemple « Synchronisation facturation ».", pt: "Diga onde a chave é usada, por exemplo \"Sincronização de faturamento\"." }
    ApiKeyRolesHint { en: "Give the key only the roles its tool needs.", nl: "Geef de sleutel alleen de rollen die de tool nodig heeft.", fr: "Ne donnez à la clé que les rôles dont son outil a besoin.", pt: "Dê à chave apenas as funções de que a ferramenta precisa." }
    WebhooksIntro { en: "PartnerDesk calls these addresses when something happens in your organisation. Each call is signed with the endpoint's secret (header PartnerDesk-Signature) and retried with increasing delays until your server answers with a 2xx code.", nl: "PartnerDesk roept deze adressen aan wanneer er iets gebeurt in uw organisatie. Elke aanroep is ondertekend met het geheim van het eindpunt (header PartnerDesk-Signature) en wordt met toenemende tussenpozen herhaald tot uw server met een 2xx-code antwoordt.", fr: "PartnerDesk appelle ces adresses lorsqu'un événement se produit dans votre organisation. Chaque appel est signé avec le secret du point de terminaison (en-tête PartnerDesk-Signature) et renouvelé à intervalles croissants jusqu'à ce que votre serveur réponde par un code 2xx.", pt: "O PartnerDesk chama estes endereços quando algo acontece na sua organização. Cada chamada é assinada com o segredo do endpoint (cabeçalho PartnerDesk-Signature) e repetida com intervalos crescentes até que seu servidor responda com um código 2xx." }
    WebhookAdded { en: "Endpoint added: {url}", nl: "Eindpunt toegevoegd: {url}", fr: "Point de terminaison ajouté : {url}", pt: "Endpoint adicionado: {url}" }
    SigningSecret { en: "Signing secret", nl: "Ondertekeningsgeheim", fr: "Secret de signature", pt: "Segredo de assinatura" }
    SigningSecretOnce { en: "Copy the signing secret now: it is shown only once. Your server uses it to check that calls come from PartnerDesk.", nl: "Kopieer het ondertekeningsgeheim nu: het wordt maar één keer getoond. Uw server gebruikt het om te controleren dat aanroepen van PartnerDesk komen.", fr: "Copiez le secret de signature maintenant : il n'est affiché qu'une fois. Votre serveur s'en sert pour vérifier que les appels viennent de PartnerDesk.", pt: "Copie o segredo de assinatura agora: ele é mostrado apenas uma vez. Seu servidor o usa para verificar que as chamadas vêm do PartnerDesk." }
    NoWebhooks { en: "No endpoints yet.", nl: "Nog geen eindpunten.", fr: "Aucun point de terminaison pour l'instant.", pt: "Nenhum endpoint ainda." }
    WebhookDisabled { en: "Disabled", nl: "Uitgeschakeld", fr: "Désactivé", pt: "Desativado" }
    SendTestEvent { en: "Send test event", nl: "Testgebeurtenis versturen", fr: "Envoyer un événement de test", pt: "Enviar evento de teste" }
    TestEventQueued { en: "Test event {id} queued: its delivery appears in the delivery log below.", nl: "Testgebeurtenis {id} in de wachtrij: de bezorging verschijnt hieronder in het bezorglogboek.", fr: "Événement de test {id} mis en file : sa livraison apparaît dans le journal des livraisons ci-dessous.", pt: "Evento de teste {id} na fila: a entrega aparece no registro de entregas abaixo." }
    DisableWebhook { en: "Disable", nl: "Uitschakelen", fr: "Désactiver", pt: "Desativar" }
    EnableWebhook { en: "Enable", nl: "Inschakelen", fr: "Activer", pt: "Ativar" }
    DeliveryLog { en: "Delivery log", nl: "Bezorglogboek", fr: "Journal des livraisons", pt: "Registro de entregas" }
    NoDeliveries { en: "Nothing delivered yet.", nl: "Nog niets bezorgd.", fr: "Rien n'a encore été livré.", pt: "Nada entregue ainda." }
    WebhookEventColumn { en: "Event", nl: "Gebeurtenis", fr: "Événement", pt: "Evento" }
    WebhookUrl { en: "Endpoint URL", nl: "URL van het eindpunt", fr: "URL du point de terminaison", pt: "URL do endpoint" }
    DeliveryAttempts { en: "Attempts", nl: "Pogingen", fr: "Tentatives", pt: "Tentativas" }
    DeliveryResponse { en: "Response", nl: "Antwoord", fr: "Réponse", pt: "Resposta" }
    DeliveryDelivered { en: "Delivered", nl: "Bezorgd", fr: "Livré", pt: "Entregue" }
    DeliveryGaveUp { en: "Gave up", nl: "Opgegeven", fr: "Abandonné", pt: "Desistido" }
    DeliveryPending { en: "Waiting", nl: "Wacht", fr: "En attente", pt: "Aguardando" }
    DeliveryRetrying { en: "Next try {time}", nl: "Volgende poging {time}", fr: "Prochain essai {time}", pt: "Próxima tentativa {time}" }
    AddWebhook { en: "Add endpoint", nl: "Eindpunt toevoegen", fr: "Ajouter un point de terminaison", pt: "Adicionar endpoint" }
    WebhookEvents { en: "Events", nl: "Gebeurtenissen", fr: "Événements", pt: "Eventos" }
    EventOfferAccepted { en: "Offer accepted", nl: "Aanbieding geaccepteerd", fr: "Offre acceptée", pt: "Oferta aceita" }
    EventPartnershipAccepted { en: "Partnership accepted", nl: "Partnerschap geaccepteerd", fr: "Partenariat accepté", pt: "Parceria aceita" }
    EventPartnershipRemoved { en: "Partnership removed", nl: "Partnerschap verwijderd", fr: "Partenariat supprimé", pt: "Parceria removida" }
    EventCustomerCreated { en: "Customer created", nl: "Klant aangemaakt", fr: "Client créé", pt: "Cliente criado" }
    EventSubscriptionCreated { en: "Subscription created", nl: "Abonnement aangemaakt", fr: "Abonnement créé", pt: "Assinatura criada" }
    EventSubscriptionChanged { en: "Subscription changed", nl: "Abonnement gewijzigd", fr: "Abonnement modifié", pt: "Assinatura alterada" }
    EventPing { en: "Test event", nl: "Testgebeurtenis", fr: "Événement de test", pt: "Evento de teste" }
    ErrWebhookUrl { en: "Enter an address that starts with https:// or http:// followed by a host name.", nl: "Voer een adres in dat begint met https:// of http:// gevolgd door een hostnaam.", fr: "Saisissez une adresse commençant par https:// ou http:// suivie d'un nom d'hôte.", pt: "Digite um endereço que comece com https:// ou http:// seguido de um nome de host." }
    // (end of #13 keys)
    ErrWebhookAddress { en: "Enter a public address: PartnerDesk sends webhooks only to hosts on the public internet, never to local, private or reserved network addresses (or names that lead to them).", nl: "Voer een openbaar adres in: PartnerDesk stuurt webhooks alleen naar hosts op het openbare internet, nooit naar lokale, privé- of gereserveerde netwerkadressen (of namen die daarnaar leiden).", fr: "Saisissez une adresse publique : PartnerDesk n'envoie des webhooks qu'à des hôtes de l'internet public, jamais à des adresses réseau locales, privées ou réservées (ni à des noms qui y mènent).", pt: "Digite um endereço público: o PartnerDesk envia webhooks apenas para hosts da internet pública, nunca para endereços de rede locais, privados ou reservados (nem para nomes que levem a eles)." }
    TooManyTestEvents { en: "Your organisation can send {max} test events a minute. Wait {seconds} seconds and try again.", nl: "Uw organisatie kan {max} testgebeurtenissen per minuut versturen. Wacht {seconds} seconden en probeer het opnieuw.", fr: "Votre organisation peut envoyer {max} événements de test par minute. Attendez {seconds} secondes et réessayez.", pt: "Sua organização pode enviar {max} eventos de teste por minuto. Aguarde {seconds} segundos e tente novamente." }
    DeliveryTimedOut { en: "No answer in time", nl: "Geen antwoord op tijd", fr: "Pas de réponse à temps", pt: "Sem resposta a tempo" }
    DeliveryCouldNotConnect { en: "Could not connect", nl: "Kon geen verbinding maken", fr: "Connexion impossible", pt: "Não foi possível conectar" }
    DeliveryRequestFailed { en: "Request failed", nl: "Verzoek mislukt", fr: "Échec de la requête", pt: "A solicitação falhou" }
    DeliveryAddressNotAllowed { en: "Address not allowed", nl: "Adres niet toegestaan", fr: "Adresse non autorisée", pt: "Endereço não permitido" }
}

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
/// (found by the fuzzer, server/tests/fuzz.rs).
pub fn title_locale(locale: leptos::prelude::RwSignal<Locale>) -> impl Fn() -> Locale + Clone + Copy + Send + Sync + 'static {
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
