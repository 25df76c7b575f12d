//! `tessera`: the web server and its command line.

use std::process::ExitCode;

// Many small allocations per rendered page; mimalloc handles them with less
// contention between threads than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    disable_transparent_huge_pages();
    tessera_server::cli::main()
}

/// No transparent huge pages for this process, even where the system
/// enables them for everything (`always`): a 2 MiB page for a heap of small,
/// short-lived objects keeps memory resident that the server no longer
/// uses (peak RSS under `make bench` ~105 MB with them, ~74 MB without).
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory
    // of ours; a failure (an old kernel) leaves the system's setting.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
