#!/usr/bin/env bash
# Started by Playwright (end2end/playwright.config.ts): the release binary on a
# fresh, seeded SQLite database, on its own ports so `make run` can coexist.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${TESSERA_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/tessera/target}/release/tessera}"
data="$PWD/end2end/.e2e-data"
rm -rf "$data" && mkdir -p "$data"
export DATABASE_URL="sqlite://$data/tessera.db?mode=rwc"
export LEPTOS_SITE_ADDR="127.0.0.1:${E2E_PORT:-3100}"
# A host name, not an IP address: browsers offer passkeys only to one.
export PUBLIC_URL="http://localhost:${E2E_PORT:-3100}"
export STRIPE_SIM_ADDR="127.0.0.1:${E2E_SIM_PORT:-12211}"
export STRIPE_SIM_STATE="$data/stripe-sim.json"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export RUST_LOG="${RUST_LOG:-info,tower_http=warn}"
export MAIL_DIR="$data/mail"
# SEPA Direct Debits on the simulator's page settle after 8 s: long enough
# to see "processing", short enough to see the confirmation.
export STRIPE_SIM_ASYNC_DELAY_MS="${STRIPE_SIM_ASYNC_DELAY_MS:-8000}"
# Every browser in the suite comes from 127.0.0.1: generous limits, so only
# the rate-limit tests (in Rust) see 429s.
export RATE_LIMIT_SIGNUP_PER_IP="1000/hour" RATE_LIMIT_LOGIN_PER_IP="1000/minute" \
  RATE_LIMIT_LOGIN_PER_ACCOUNT="100/minute" RATE_LIMIT_BOOKING_PER_MEMBER="1000/minute" \
  RATE_LIMIT_EMAIL_LINKS_PER_IP="1000/hour"
unset STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET
"$bin" seed
# The suite's administrator (the password is the suite's, not a secret).
printf '%s\n' "${E2E_ADMIN_PASSWORD:-e2e admin password}" | "$bin" admin create --email admin@tessera.test --name "Ada Admin"
exec "$bin" serve
