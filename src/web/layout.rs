//! The frame every page shares: the station's name, the tabs of the day's work, who is
//! signed in, and the page's own content. Server-rendered with maud (checked at compile
//! time); the scripts a page needs are plain JavaScript modules served from the binary.

use super::assets;
use super::i18n::{Texts, fill};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// Which tab is open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Today,
    New,
    Script,
    Booth,
    Prompter,
    Assemble,
    Result,
    Air,
    Archive,
    None,
}

impl Tab {
    /// The class of the page's `<body>` (the style sheet's and the scripts' hook): the
    /// tab's name; the login page is the one without a tab.
    pub fn body_class(self) -> &'static str {
        match self {
            Tab::Today => "today",
            Tab::New => "new",
            Tab::Script => "script",
            Tab::Booth => "booth",
            Tab::Prompter => "prompter",
            Tab::Assemble => "assemble",
            Tab::Result => "result",
            Tab::Air => "air",
            Tab::Archive => "archive",
            Tab::None => "login",
        }
    }
}

/// What a page hands to the frame.
pub struct Page<'a> {
    pub t: &'static Texts,
    pub title: String,
    pub tab: Tab,
    pub station: &'a str,
    /// The bulletin the page is about (its id and title), for the bulletin tabs.
    pub bulletin: Option<(&'a str, &'a str)>,
    /// Signed-in user, when the station uses accounts.
    pub user: Option<&'a str>,
    pub csrf: &'a str,
    /// JavaScript modules this page loads (file names under /static/).
    pub scripts: &'a [&'a str],
    /// Bulletin ids whose changes this page follows live.
    pub live: &'a [String],
    /// A class on <body> for page-specific layout ("booth", "prompter").
    pub body_class: &'static str,
}

/// The whole HTML document.
pub fn page(p: &Page<'_>, content: &Markup) -> Markup {
    let t = p.t;
    html! {
        (DOCTYPE)
        html lang=(t.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(p.csrf);
                meta name="live" content=(p.live.join(" "));
                meta name="t-changed" content=(t.changed_elsewhere);
                title { (p.title) " — " (p.station) }
                link rel="stylesheet" href=(assets::url("style.css"));
                link rel="stylesheet" href=(assets::url("plots.css"));
                link rel="icon" href="data:,";
                script type="module" src=(assets::url("live.js")) {}
                @for s in p.scripts {
                    script type="module" src=(assets::url(s)) {}
                }
            }
            body class=(p.body_class) {
                header.top {
                    div.station { (p.station) }
                    nav.tabs {
                        (tab(p, Tab::Today, "/", t.nav_today))
                        (tab(p, Tab::New, "/new", t.nav_new))
                        (tab(p, Tab::Air, "/air", t.nav_air))
                        (tab(p, Tab::Archive, "/archive", t.nav_archive))
                    }
                    div.who {
                        @if let Some(user) = p.user {
                            span { (fill(t.signed_in_as, &[&user])) }
                            form method="post" action="/logout" {
                                input type="hidden" name="_csrf" value=(p.csrf);
                                button.link type="submit" { (t.logout) }
                            }
                        }
                    }
                }
                div #offline .offline hidden { (t.live_offline) }
                @if let Some((id, title)) = p.bulletin {
                    // The bulletin's own steps, in the order of the day's work.
                    div.bulletin-bar {
                        div.bulletin-title { (title) }
                        nav.steps {
                            (tab(p, Tab::Script, &format!("/b/{id}/script"), t.nav_script))
                            (tab(p, Tab::Booth, &format!("/b/{id}/booth"), t.nav_booth))
                            (tab(p, Tab::Prompter, &format!("/b/{id}/prompter"), t.nav_prompter))
                            (tab(p, Tab::Assemble, &format!("/b/{id}/assemble"), t.nav_assemble))
                            (tab(p, Tab::Result, &format!("/b/{id}/result"), t.nav_result))
                        }
                    }
                }
                main { (content) }
            }
        }
    }
}

fn tab(p: &Page<'_>, which: Tab, href: &str, label: &str) -> Markup {
    html! {
        @if p.tab == which {
            a.tab.current href=(href) aria-current="page" { (label) }
        } @else {
            a.tab href=(href) { (label) }
        }
    }
}

/// A hidden CSRF field for a form.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="_csrf" value=(token); }
}

/// A message box: "ok", "warn" or "error".
pub fn notice(kind: &str, text: &str) -> Markup {
    html! { div class={"notice " (kind)} role=(if kind == "error" { "alert" } else { "status" }) { (text) } }
}

/// Text with line breaks kept.
pub fn multiline(text: &str) -> Markup {
    html! {
        @for (i, line) in text.split('\n').enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// Raw, already escaped HTML (from the library's own escaping).
pub fn raw(html: String) -> PreEscaped<String> {
    PreEscaped(html)
}
