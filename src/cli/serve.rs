//! `bantin serve [--listen ADDR:PORT]`: the station's web app (see `crate::web`).

use super::{Context, Outcome};
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address and port to listen on. The default serves this PC only; any other address
    /// (e.g. 0.0.0.0:8080 for the station's network) requires accounts (`bantin user add`).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let options = crate::web::ServeOptions {
        listen: args.listen,
        quiet: ctx.quiet,
    };
    crate::web::run(ctx.config.clone(), &options)?;
    Ok(Outcome::Success)
}
