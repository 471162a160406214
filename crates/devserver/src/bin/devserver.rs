//! `devserver DIR [--port N] [--cors] [--csp POLICY]`: serve a directory on 127.0.0.1 by hand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Serve a directory on 127.0.0.1 the way the demo, the browser tests and the benchmarks do.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The directory to serve.
    dir: PathBuf,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Send `Access-Control-Allow-Origin: *` and answer CORS preflights.
    #[arg(long)]
    cors: bool,
    /// A Content-Security-Policy header for HTML responses.
    #[arg(long, value_name = "POLICY")]
    csp: Option<String>,
    /// Never gzip, even when the client accepts it.
    #[arg(long)]
    no_gzip: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = devserver::Config {
        root: args.dir,
        port: args.port,
        cors: args.cors,
        csp: args.csp,
        gzip: !args.no_gzip,
    };
    match devserver::Server::start(config) {
        Ok(server) => {
            println!("serving on {}/ (Ctrl-C stops)", server.url());
            loop {
                std::thread::park();
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
