//! `tessera`: the web server and its command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    tessera_server::cli::main()
}
