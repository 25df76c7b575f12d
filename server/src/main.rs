//! `tessera`: the web server and its command line.

use std::process::ExitCode;

// Many small allocations per rendered page; mimalloc handles them with less
// contention between threads than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tessera_server::cli::main()
}
