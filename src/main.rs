//! Entry point: a headless command when one is given, the desktop app otherwise.

use std::process::ExitCode;

use taper_planner::cli::{Outcome, run_from_args};

fn main() -> ExitCode {
    use chrono::Timelike;
    let now = chrono::Local::now().naive_local();
    let now = now.with_nanosecond(0).unwrap_or(now);
    match run_from_args(std::env::args_os().collect(), now) {
        Outcome::Exit(code) => code,
        Outcome::OpenApp {
            data_dir,
            today,
            training,
            file,
            role,
        } => {
            let mut config = taper_planner::ui::AppConfig::new(data_dir, today);
            config.training = training;
            config.open_at_start = file;
            config.role = role;
            taper_planner::ui::run(config)
        }
    }
}
