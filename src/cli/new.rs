//! `bantin new DIR --date 2026-11-27 --slot sang ARTICLE...`: makes a bulletin folder.

use super::{Context, Outcome};
use crate::bulletin::make::{self, BulletinRequest};
use crate::bulletin::script_files::SCRIPT_HTML_FILE;
use crate::bulletin::time_format::mmss;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bulletin folder, named <date>-<slot> (bulletins/2026-11-27-sang) so that
    /// `bantin playlist` finds it — or the folder that holds the bulletins (bulletins),
    /// and bantin names the bulletin's folder itself.
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
    /// Replace the rundown and scripts of an existing bulletin (recordings/ is kept). A
    /// rundown edited by hand is kept unless --discard-edits is given too.
    #[arg(long)]
    pub force: bool,
    /// With --force: replace a rundown that was edited by hand (the edited one is kept as
    /// rundown.edited.toml).
    #[arg(long, requires = "force")]
    pub discard_edits: bool,
    /// Approved article files, in air order.
    #[arg(value_name = "ARTICLE", required = true)]
    pub articles: Vec<PathBuf>,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let config = &ctx.config;
    let request = BulletinRequest {
        date: make::parse_air_date(&args.date, &ctx.config.time_zone())?,
        slot: make::find_slot(config, &args.slot)?,
        title: args.title.clone(),
        articles: args.articles.clone(),
        reading: make::reading_with_rate(config, args.rate)?,
        force: args.force,
        discard_edits: args.discard_edits,
    };
    let dir = make::bulletin_dir(&args.dir, &format!("{}-{}", request.date, request.slot.id))?;
    let made = make::make_bulletin(&dir, config, &request)?;
    if !ctx.quiet {
        for n in &made.notices {
            eprintln!("warning: {}: [{}] {}", n.source, n.id, n.message);
        }
        if let Some(kept) = &made.kept_edits {
            eprintln!(
                "The hand-edited rundown was replaced; it is kept as {}.",
                kept.display()
            );
        }
        let r = &made.rundown;
        let total: f64 = r.segments().map(|s| s.estimate_s).sum();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        eprintln!(
            "Made {}: {}, {}, estimated {} of {} target.",
            dir.display(),
            plural(r.items.len(), "item", "items"),
            plural(r.segments().count(), "take", "takes"),
            mmss(total),
            mmss(r.bulletin.target_s)
        );
        eprintln!(
            "Print {}, record each take into {} under the name shown, then run `bantin status {}`.",
            dir.join(SCRIPT_HTML_FILE).display(),
            dir.join(crate::bulletin::rundown::RECORDINGS_DIR).display(),
            dir.display()
        );
        if let Some(note) = outside_bulletins(&dir, config) {
            eprintln!("{note}");
        }
    }
    Ok(Outcome::Success)
}

/// A note when the bulletin is not in the folder `bantin playlist` looks in by default.
fn outside_bulletins(dir: &Path, config: &crate::config::StationConfig) -> Option<String> {
    let bulletins = config
        .resolve(&config.paths.bulletins)
        .canonicalize()
        .ok()?;
    let parent = dir.parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let parent = parent.canonicalize().ok()?;
    (parent != bulletins).then(|| {
        format!(
            "Note: `bantin playlist` looks for bulletins in {} ([paths] bulletins); this one is in {} (give it --bulletins {} to find it).",
            bulletins.display(),
            parent.display(),
            parent.display()
        )
    })
}
