#!/usr/bin/env bash
# One-time (and idempotent) set-up of everything Tessera needs beyond the Rust
# toolchain and Node.js. Each step checks first and is skipped when already
# done, so a warm machine passes through in seconds.
#
# Everything comes from the package registries only: crates.io, npm and
# Debian. Nothing downloads a binary from anywhere else (cargo-leptos is built
# with `--features no_downloads` and finds its tools on PATH).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Pinned tool versions. WASM_BINDGEN must equal the `wasm-bindgen` pin in
# Cargo.toml: cargo-leptos runs whatever wasm-bindgen is on PATH unchecked.
CARGO_LEPTOS_VERSION="0.3.11"
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml")"
TOOLS="${TESSERA_TOOLS:-$HOME/.cache/tessera/tools}"
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# 1. The WASM target, for the hydrate build of the front end.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the rustup target wasm32-unknown-unknown (the browser half of the app)"
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian's Chromium, which Playwright drives (no browser download), and
#    poppler-utils, whose pdftotext the tests read invoices with.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
if ((${#need_apt[@]})); then
  say "installing Debian packages ${need_apt[*]} (Playwright drives Chromium through executablePath; no browser download)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# 3. wasm-bindgen-cli at exactly the workspace's wasm-bindgen version.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (must match the library version; about 2 minutes)"
  # Not --locked: its lock file names a crate version the registry lacks.
  # Light optimisation: its own speed barely matters, its compile time does.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS" --force
fi

# 4. cargo-leptos, built from its crates.io source with `no_downloads`.
if [ "$(cargo-leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "building cargo-leptos $CARGO_LEPTOS_VERSION from crates.io with --features no_downloads"
  say "  this is the slow step (about 9 minutes on 2 cores); it happens once per machine"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # Fetch the published crate through cargo itself (a throwaway manifest that
  # names it), so no address outside the registry is involved.
  mkdir -p "$work/fetch/src"
  printf '[package]\nname = "fetch-cargo-leptos"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ncargo-leptos = "=%s"\n' \
    "$CARGO_LEPTOS_VERSION" >"$work/fetch/Cargo.toml"
  : >"$work/fetch/src/lib.rs"
  (cd "$work/fetch" && cargo fetch -q 2>/dev/null || true)
  src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cargo-leptos-"$CARGO_LEPTOS_VERSION" 2>/dev/null | head -n1)"
  if [ -z "$src" ]; then
    say "could not fetch cargo-leptos $CARGO_LEPTOS_VERSION from crates.io"; exit 1
  fi
  cp -r "$src" "$work/cargo-leptos"
  cd "$work/cargo-leptos"
  # Its lock pins cargo-util-schemas 0.14.2, which needs rustc 1.96; 0.14.1
  # is the same API and builds on the toolchain here.
  cargo update -q -p cargo-util-schemas --precise 0.14.1
  # Light optimisation, as for wasm-bindgen: it only starts cargo and tools.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install --path . --locked --features no_downloads --root "$TOOLS" --force
  cd "$ROOT"
fi

# 5. npm packages (versions pinned by package.json and its lock; `npm ci`
#    trips over npm 11 lock files that omit other platforms' optional
#    packages, so this is `npm install --no-save`, which installs the locked
#    versions and writes nothing): the Tailwind CLI, binaryen's wasm-opt,
#    markdownlint-cli2 and cspell (root), and Playwright (end2end/). Debian's binaryen (108) mangles reference types.
npm_missing=0
for tool in tailwindcss wasm-opt markdownlint-cli2 cspell; do
  [ -x "$ROOT/node_modules/.bin/$tool" ] || npm_missing=1
done
if [ "$npm_missing" = 1 ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "installing the pinned Tailwind CLI, wasm-opt (binaryen), markdownlint-cli2 and cspell from npm (package.json)"
  (cd "$ROOT" && npm install --no-save --no-audit --no-fund --loglevel=error)
fi
if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
  say "installing Playwright's test runner from npm (it drives Debian's Chromium; no browser download)"
  (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --loglevel=error)
fi

say "ready: $(cargo-leptos --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), $(wasm-opt --version | head -n1), $(chromium --version 2>/dev/null | head -n1)"
