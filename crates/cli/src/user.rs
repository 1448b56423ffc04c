//! Accounts from the command line: `user add|list|password|disable|token|assign|unassign`.
//! `user add NAME --role admin` is how the first account comes to exist; there is no default
//! account and no default password.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use pledgewatch_domain::access::Role;
use pledgewatch_store::{AccountChange, hash_password, random_token};

use crate::commands::{ACTOR, open};

#[derive(Subcommand)]
pub enum Commands {
    /// Accounts: add, list, set a password, disable, API tokens, assignments.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input (first line) with
    /// --password-stdin; otherwise a random one is generated and printed once.
    Add {
        name: String,
        /// analyst, lead, director, editor or admin.
        #[arg(long)]
        role: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts.
    List,
    /// Set an account's password (read from standard input, first line).
    Password { name: String },
    /// Disable an account (its sessions end at once) or, with --enable, enable it again.
    Disable {
        name: String,
        #[arg(long)]
        enable: bool,
    },
    /// Create an API token for scripts (`Authorization: Bearer TOKEN`), printed once.
    Token {
        name: String,
        #[arg(long, default_value = "script")]
        label: String,
    },
    /// Assign an account to a commitment of a cycle: analysts to one member (--member), lead
    /// analysts and directors to the whole commitment.
    Assign {
        name: String,
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        #[arg(long)]
        member: Option<String>,
    },
    /// Remove an assignment.
    Unassign {
        name: String,
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        #[arg(long)]
        member: Option<String>,
    },
}

fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(password)
}

pub async fn run(db: &Path, command: Commands) -> Result<ExitCode> {
    let Commands::User(command) = command;
    let store = open(db).await?;
    match command {
        UserCommand::Add {
            name,
            role,
            password_stdin,
        } => {
            let role: Role = role.parse()?;
            let (password, generated) = if password_stdin {
                (read_password()?, false)
            } else {
                (random_token()[..24].to_string(), true)
            };
            let hash = hash_password(&password)?;
            let account = store.add_account(&name, role, &hash, ACTOR).await?;
            println!("created {} `{}`", account.role.label(), account.name);
            if generated {
                println!("password (shown once): {password}");
            }
        }
        UserCommand::List => {
            for a in store.accounts().await? {
                println!(
                    "{}\t{}{}",
                    a.name,
                    a.role.key(),
                    if a.disabled { "\tdisabled" } else { "" }
                );
            }
        }
        UserCommand::Password { name } => {
            let account = store
                .account(&name)
                .await?
                .with_context(|| format!("there is no account `{name}`"))?;
            let hash = hash_password(&read_password()?)?;
            store
                .update_account(
                    &name,
                    account.version,
                    AccountChange {
                        password_hash: Some(hash),
                        ..AccountChange::default()
                    },
                    ACTOR,
                )
                .await?;
            println!(
                "password of `{}` changed; its sessions have ended",
                account.name
            );
        }
        UserCommand::Disable { name, enable } => {
            let account = store
                .account(&name)
                .await?
                .with_context(|| format!("there is no account `{name}`"))?;
            store
                .update_account(
                    &name,
                    account.version,
                    AccountChange {
                        disabled: Some(!enable),
                        ..AccountChange::default()
                    },
                    ACTOR,
                )
                .await?;
            println!(
                "`{}` {}",
                account.name,
                if enable { "enabled" } else { "disabled" }
            );
        }
        UserCommand::Token { name, label } => {
            let token = store.create_api_token(&name, &label, ACTOR).await?;
            println!("{token}");
        }
        UserCommand::Assign {
            name,
            cycle,
            commitment,
            member,
        } => {
            store
                .assign(&name, &cycle, &commitment, member.as_deref(), ACTOR)
                .await?;
            println!("assigned");
        }
        UserCommand::Unassign {
            name,
            cycle,
            commitment,
            member,
        } => {
            if !store
                .unassign(&name, &cycle, &commitment, member.as_deref(), ACTOR)
                .await?
            {
                bail!("`{name}` had no such assignment");
            }
            println!("unassigned");
        }
    }
    Ok(ExitCode::SUCCESS)
}
