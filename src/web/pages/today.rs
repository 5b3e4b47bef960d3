//! Hôm nay (today): the day's slots from the schedule, each bulletin's state, the next
//! air time with a countdown, and what is still missing.

use super::Ctx;
use crate::bulletin::make::vietnamese_date;
use crate::bulletin::time_format::mmss;
use crate::web::error::WebError;
use crate::web::i18n::fill;
use crate::web::layout::{self, Tab};
use crate::web::overview::{self, SlotOverview, SlotState};
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Html;
use maud::{Markup, html};
use std::sync::Arc;

#[derive(serde::Deserialize)]
pub struct DayQuery {
    date: Option<String>,
}

pub async fn page(ctx: Ctx, Query(q): Query<DayQuery>) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let today = super::today(&ctx.config);
    let date = match q.date.as_deref().filter(|d| !d.is_empty()) {
        None => today,
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .map_err(|_| ctx.error(StatusCode::BAD_REQUEST, fill(t.bad_date, &[&d])))?,
    };
    let date_s = date.to_string();
    let (config, bulletins) = (Arc::clone(&ctx.config), ctx.app.bulletins.clone());
    let d = date_s.clone();
    let slots = ctx
        .blocking(move || overview::day(&config, &bulletins, &d))
        .await?;
    let live: Vec<String> = slots.iter().map(|s| s.id.clone()).collect();
    let next = next_air(&ctx, today);
    let content = html! {
        div.day-head {
            h1 { (fill(t.today_heading, &[&vietnamese_date(&date_s)])) }
            nav.day-nav {
                a.button.quiet href={"/?date=" (date.yesterday().map(|d| d.to_string()).unwrap_or_default())} { (t.previous_day) }
                @if date != today { a.button.quiet href="/" { (t.back_to_today) } }
                a.button.quiet href={"/?date=" (date.tomorrow().map(|d| d.to_string()).unwrap_or_default())} { (t.next_day) }
            }
        }
        @if let Some((slot_title, time, epoch_ms)) = &next {
            section.next-air aria-live="polite" {
                div.label { (t.next_air) }
                div.what { (fill(t.slot_at, &[slot_title, time])) }
                div.countdown data-countdown=(epoch_ms) data-h=(t.unit_hours) data-m=(t.unit_minutes) data-s=(t.unit_seconds) {
                    span.label { (t.next_air_in) " " } span.value { "…" }
                }
            }
        } @else {
            section.next-air.none { (t.no_more_today) }
        }
        div.slots {
            @for s in &slots { (slot_card(&ctx, s, &date_s)) }
        }
    };
    let page = ctx.page(t.today_title.into(), Tab::Today, None, &["today.js"], &live);
    Ok(Html(layout::page(&page, &content).into_string()))
}

fn slot_card(ctx: &Ctx, s: &SlotOverview, date: &str) -> Markup {
    let t = ctx.t;
    let (class, label) = match &s.state {
        SlotState::NotMade => ("state-none", t.state_not_made.to_string()),
        SlotState::Broken(_) => ("state-bad", t.state_broken.to_string()),
        SlotState::Recording {
            recorded, takes, ..
        } => ("state-work", fill(t.state_recording, &[recorded, takes])),
        SlotState::TakesIn { .. } => ("state-ready", t.state_takes_in.to_string()),
        SlotState::Assembled => ("state-done", t.state_assembled.to_string()),
        SlotState::Archived => ("state-archived", t.state_archived.to_string()),
    };
    let slot_title = if s.slot.title.is_empty() {
        s.slot.id.clone()
    } else {
        s.slot.title.clone()
    };
    html! {
        article class={"slot " (class)} id={"slot-" (s.slot.id)} data-live=(s.id) {
            div.slot-time { (s.slot.time) }
            div.slot-body {
                h2 { (slot_title) }
                div class={"badge " (class)} { (label) }
                @if let Some(title) = &s.title { p.bulletin-name { (title) } }
                @if !matches!(s.state, SlotState::NotMade | SlotState::Broken(_)) {
                    p.timing { (fill(t.estimated_of_target, &[&mmss(s.estimate_s), &mmss(s.target_s)])) }
                }
                @if let SlotState::Recording { missing, .. } = &s.state {
                    p.missing { (fill(t.missing_takes, &[&missing.join(", ")])) }
                }
                @if let SlotState::Broken(message) = &s.state {
                    p.missing { (message) }
                }
                div.actions {
                    @match &s.state {
                        SlotState::NotMade => {
                            a.button.primary href={"/new?date=" (date) "&slot=" (s.slot.id)} { (t.make_bulletin) }
                        }
                        SlotState::Recording { .. } | SlotState::Broken(_) => {
                            a.button.primary href={"/b/" (s.id) "/booth"} { (t.open_booth) }
                            a.button href={"/b/" (s.id) "/script"} { (t.open_script) }
                            a.button href={"/b/" (s.id) "/prompter"} { (t.open_prompter) }
                        }
                        SlotState::TakesIn { .. } => {
                            form.inline method="post" action={"/b/" (s.id) "/assemble"} {
                                (layout::csrf_field(&ctx.session.csrf))
                                button.primary type="submit" { (t.assemble_button) }
                            }
                            a.button href={"/b/" (s.id) "/booth"} { (t.open_booth) }
                            a.button href={"/b/" (s.id) "/script"} { (t.open_script) }
                        }
                        SlotState::Assembled => {
                            a.button.primary href={"/b/" (s.id) "/result"} { (t.nav_result) }
                            a.button href={"/air?date=" (date)} { (t.nav_air) }
                            a.button href={"/b/" (s.id) "/assemble"} { (t.nav_assemble) }
                        }
                        SlotState::Archived => {
                            a.button.primary href={"/archive/b/" (s.id)} { (t.open_in_archive) }
                            a.button href={"/b/" (s.id) "/result"} { (t.nav_result) }
                        }
                    }
                }
            }
        }
    }
}

/// The next slot to air from now: its title, "HH:MM" and the epoch milliseconds of its
/// start (the page counts down to it).
fn next_air(ctx: &Ctx, today: jiff::civil::Date) -> Option<(String, String, i64)> {
    let tz = ctx.config.time_zone();
    let now = crate::bulletin::air_time::now(&tz);
    let mut best: Option<(jiff::Timestamp, String, String)> = None;
    for day in [today, today.tomorrow().ok()?] {
        for slot in &ctx.config.schedule.slots {
            let minutes = crate::config::parse_hhmm(&slot.time)?;
            let time =
                jiff::civil::Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0).ok()?;
            let at = day
                .to_datetime(time)
                .to_zoned_datetime(tz.clone())
                .ok()?
                .timestamp();
            if at > now.timestamp() && best.as_ref().is_none_or(|b| at < b.0) {
                let title = if slot.title.is_empty() {
                    slot.id.clone()
                } else {
                    slot.title.clone()
                };
                best = Some((at, title, slot.time.clone()));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(at, title, time)| (title, time, at.as_millisecond()))
}
