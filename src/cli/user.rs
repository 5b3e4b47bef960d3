//! `bantin user add NAME`: a station account for the web app, in `bantin-users.toml`
//! beside `bantin.toml` (argon2id hash, owner-only file).

use super::{Context, Outcome};
use crate::web::users::{UsersError, add_user, users_path};
use std::io::BufRead as _;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an account (asks for the password twice).
    Add {
        /// The name staff type at the login page.
        name: String,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
        /// Set a new password for an account that exists.
        #[arg(long)]
        replace: bool,
    },
    /// List the accounts.
    List,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let path = users_path(&ctx.config.base_dir);
    match &args.command {
        UserCommand::Add {
            name,
            password_stdin,
            replace,
        } => {
            crate::web::users::check_name(name)?;
            let password = if *password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                let first = rpassword::prompt_password(format!("Password for {name}: "))?;
                let again = rpassword::prompt_password("The same password again: ")?;
                if first != again {
                    return Err(UsersError::Mismatch.into());
                }
                first
            };
            add_user(&path, name, &password, *replace)?;
            if !ctx.quiet {
                eprintln!(
                    "Account \"{name}\" saved in {}. `bantin serve --listen 0.0.0.0:8080` now asks for a login.",
                    path.display()
                );
            }
        }
        UserCommand::List => {
            let users = crate::web::users::Users::load(&path)?;
            for name in users.names() {
                println!("{name}");
            }
        }
    }
    Ok(Outcome::Success)
}
