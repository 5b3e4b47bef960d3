//! The login page (when the station uses accounts) and logging out.

use super::{Ctx, blocking};
use crate::web::AppState;
use crate::web::auth::{LoginResult, SessionInfo, session_cookie};
use crate::web::i18n::fill;
use crate::web::layout::{self, Tab, csrf_field, notice};
use crate::web::users::Users;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

pub async fn page(
    State(app): State<Arc<AppState>>,
    Extension(session): Extension<SessionInfo>,
) -> Response {
    if session.user.is_some() || !app.auth.required {
        return Redirect::to("/").into_response();
    }
    render(&Ctx::new(&app, session), None, "", StatusCode::OK)
}

fn render(ctx: &Ctx, message: Option<&str>, name: &str, status: StatusCode) -> Response {
    let t = ctx.t;
    let content = html! {
        section.login {
            h1 { (t.login_title) }
            @if let Some(m) = message { (notice("error", m)) }
            form method="post" action="/login" {
                (csrf_field(&ctx.session.csrf))
                label { (t.user_name) input type="text" name="name" value=(name) autocomplete="username" autofocus required; }
                label { (t.password) input type="password" name="password" autocomplete="current-password" required; }
                button.primary type="submit" { (t.login_button) }
            }
        }
    };
    let page = ctx.page(t.login_title.into(), Tab::None, None, &[], &[]);
    (status, Html(layout::page(&page, &content).into_string())).into_response()
}

pub async fn submit(
    State(app): State<Arc<AppState>>,
    Extension(session): Extension<SessionInfo>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<LoginForm>,
) -> Response {
    let ctx = Ctx::new(&app, session.clone());
    let t = ctx.t;
    let ip = peer.ip();
    let users_path = app.users_path.clone();
    let (name, password) = (form.name.trim().to_string(), form.password);
    if let Some(minutes) = app.auth.locked_out(&name, ip) {
        let message = fill(t.login_locked, &[&minutes]);
        return render(&ctx, Some(&message), &name, StatusCode::TOO_MANY_REQUESTS);
    }
    let n = name.clone();
    let checked = blocking(move || {
        let users = Users::load(&users_path).unwrap_or_default();
        users.verify(&n, &password)
    })
    .await
    .unwrap_or(false);
    match app.auth.attempt_login(&name, ip, checked) {
        LoginResult::Ok => {
            let token = app.auth.sign_in(&session, &name);
            let mut response = Redirect::to("/").into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie(&token));
            response
        }
        LoginResult::Failed => render(&ctx, Some(t.login_failed), &name, StatusCode::UNAUTHORIZED),
        LoginResult::Locked(minutes) => render(
            &ctx,
            Some(&fill(t.login_locked, &[&minutes])),
            &name,
            StatusCode::TOO_MANY_REQUESTS,
        ),
    }
}

pub async fn logout(
    State(app): State<Arc<AppState>>,
    Extension(session): Extension<SessionInfo>,
) -> Response {
    app.auth.sign_out(&session);
    Redirect::to(if app.auth.required { "/login" } else { "/" }).into_response()
}
