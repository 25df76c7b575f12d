# Sourced by bench.sh and bench_instructions.sh (with bin, port, base and
# work set): the server's settings for a benchmark on a fresh database, the
# sample catalog and the admin that bench_setup.py signs in as.
export DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/bench.db?mode=rwc}" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  PUBLIC_URL="$base" STRIPE_SIM_ADDR="127.0.0.1:$((port + 9000))" STRIPE_SIM_STATE=off \
  LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" RUST_LOG=warn \
  STRIPE_WEBHOOK_SECRET="whsec_bench_$(date +%s)" MAIL_DIR="$work/mail" \
  METRICS_TOKEN="bench-metrics-token-$(date +%s)"
export BENCH_WEBHOOK_SECRET="$STRIPE_WEBHOOK_SECRET"
# One member books 100 courses in a row: no rate limits while measuring.
export RATE_LIMIT_SIGNUP_PER_IP=0 RATE_LIMIT_LOGIN_PER_IP=0 RATE_LIMIT_LOGIN_PER_ACCOUNT=0 \
  RATE_LIMIT_LOGIN_ACCOUNT_WIDE=0 RATE_LIMIT_BOOKING_PER_MEMBER=0
unset STRIPE_SECRET_KEY
"$bin" seed >/dev/null
printf 'bench admin password\n' | "$bin" admin create --email admin@bench.test >/dev/null
