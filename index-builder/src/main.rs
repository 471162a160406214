//! The `index-builder` command: parses the arguments, runs the library, reports errors.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = index_builder::Cli::parse();
    match index_builder::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Output cut short by a closed pipe (`| head`) is what the reader asked for.
            let broken_pipe = error.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
