//! Đọc trực tiếp (prompter): the whole bulletin in large type for reading live, scrolling
//! at the pace of the estimates (faster or slower with a key), with the clock, the time
//! read so far and a countdown to the slot's target length.

use super::Ctx;
use crate::bulletin::rundown::Segment;
use crate::bulletin::time_format::mmss;
use crate::web::error::WebError;
use crate::web::i18n::fill;
use crate::web::layout::{self, Tab};
use axum::extract::Path as UrlPath;
use axum::response::Html;
use maud::{Markup, html};

pub async fn page(ctx: Ctx, UrlPath(id): UrlPath<String>) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let (_, rundown) = ctx.rundown(&id).await?;
    let target = rundown.bulletin.target_s;
    let seg = |s: &Segment| -> Markup {
        html! {
            p.prompt-seg id={"seg-" (s.id)} data-live={"seg-" (s.id)} data-seg=(s.id) data-estimate=(s.estimate_s) {
                (layout::multiline(&s.spoken))
            }
        }
    };
    let content = html! {
        div.prompter-bar #prompter-bar data-target=(target) {
            div.cell { div.k { (t.clock) } div.v #clock { "--:--:--" } }
            div.cell { div.k { (t.elapsed) } div.v #elapsed { "0:00" } }
            div.cell { div.k { (t.remaining) } div.v #remaining { (mmss(target)) } }
            div.cell.tools {
                button.primary #run type="button" data-start=(t.start) data-pause=(t.pause) { (t.start) }
                button #reset type="button" { (t.reset) }
                span.speed { (t.speed) " " button #slower type="button" title=(t.slower) { "−" } span #speed-value { "100%" } button #faster type="button" title=(t.faster) { "+" } }
            }
        }
        p.keys.prompter-keys { (t.prompter_keys) }
        div.prompter-text #prompter-text lang="vi" {
            div.reading-line {}
            (seg(&rundown.opening))
            @for item in &rundown.items {
                h2.prompt-item { (fill(t.item_n, &[&item.id])) " — " (item.title) }
                @for s in &item.segments { (seg(s)) }
            }
            (seg(&rundown.closing))
            div.prompt-end { "■" }
        }
    };
    Ok(ctx.bulletin_page(
        &id,
        &rundown,
        Tab::Prompter,
        t.prompter_title,
        &["prompter.js"],
        &content,
    ))
}
