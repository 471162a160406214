//! The progress display of a build: a spinner with the document count on a terminal,
//! nothing otherwise; warnings printed above it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Error;
use crate::pipeline::Observer;

/// Shows a build's progress on standard error, if it is a terminal and not silenced.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A progress display; hidden when `show` is false or standard error is not a terminal.
    pub fn new(show: bool) -> Progress {
        let target = if show && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr_with_hz(10)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg}: {human_pos} documents ({elapsed})")
        {
            bar.set_style(style);
        }
        bar.set_message("reading");
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress { bar }
    }

    /// Removes the display.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Observer for Progress {
    fn documents(&self, added: u64) {
        self.bar.set_position(added);
    }

    fn warning(&self, error: &Error) {
        self.bar.suspend(|| eprintln!("warning: skipped {error}"));
    }

    fn stage(&self, stage: &str) {
        self.bar.set_message(stage.to_string());
    }
}
