//! `bantin new DIR --date 2026-11-27 --slot sang ARTICLE...`: makes a bulletin folder.

use super::{Context, Outcome};
use crate::bulletin::make::{self, BulletinRequest};
use crate::bulletin::time_format::mmss;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bulletin folder to make, e.g. bulletins/2026-11-27-sang.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Air date, YYYY-MM-DD, or `today`.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Slot id from the station schedule ([schedule] in bantin.toml; default sang, chieu).
    #[arg(long, value_name = "ID")]
    pub slot: String,
    /// Bulletin title (default: the slot's title and the date).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Reading rate in syllables per minute for the estimates (default: [reading] rate_spm);
    /// `bantin status` measures the announcer's rate from recorded takes.
    #[arg(long, value_name = "SPM")]
    pub rate: Option<f64>,
    /// Replace the rundown and scripts of an existing bulletin (recordings/ is kept).
    #[arg(long)]
    pub force: bool,
    /// Approved article files, in air order.
    #[arg(value_name = "ARTICLE", required = true)]
    pub articles: Vec<PathBuf>,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let config = &ctx.config;
    let request = BulletinRequest {
        date: make::parse_air_date(&args.date)?,
        slot: make::find_slot(config, &args.slot)?,
        title: args.title.clone(),
        articles: args.articles.clone(),
        reading: make::reading_with_rate(config, args.rate)?,
        force: args.force,
    };
    let made = make::make_bulletin(&args.dir, config, &request)?;
    if !ctx.quiet {
        for n in &made.notices {
            eprintln!("warning: {}: [{}] {}", n.source, n.id, n.message);
        }
        let r = &made.rundown;
        let total: f64 = r.segments().map(|s| s.estimate_s).sum();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        eprintln!(
            "Made {}: {}, {}, estimated {} of {} target.",
            args.dir.display(),
            plural(r.items.len(), "item", "items"),
            plural(r.segments().count(), "take", "takes"),
            mmss(total),
            mmss(r.bulletin.target_s)
        );
        eprintln!(
            "Print {}, record each take into {} under the name shown, then run `bantin status {}`.",
            args.dir.join(make::SCRIPT_HTML_FILE).display(),
            args.dir
                .join(crate::bulletin::rundown::RECORDINGS_DIR)
                .display(),
            args.dir.display()
        );
    }
    Ok(Outcome::Success)
}
