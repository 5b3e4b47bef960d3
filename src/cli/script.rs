//! `bantin script DIR`: makes the printed script (script.html, script.txt) again from the
//! rundown, after staff edited it.

use super::{Context, Outcome};
use crate::bulletin::rundown::Rundown;
use crate::bulletin::script_files;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bulletin folder (made by `bantin new`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let scripts = script_files::render_from_rundown(&args.dir, &ctx.config)?;
    let written = script_files::write(&args.dir, &scripts)?;
    if !ctx.quiet {
        let r = Rundown::load(&args.dir)?;
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "Wrote {} from the rundown: {} items, {} takes. Print the script again.",
            names.join(" and "),
            r.items.len(),
            r.segments().count()
        );
    }
    Ok(Outcome::Success)
}
