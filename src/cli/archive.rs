//! `bantin archive`.

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, _ctx: &Context) -> anyhow::Result<Outcome> {
    anyhow::bail!("bantin archive is not built yet")
}
