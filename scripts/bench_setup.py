"""Sets up `make bench`: 100 published courses, a member who books each one
(timing every book_course call), and a wrk script of signed webhook events."""
import glob, re, hashlib, hmac, http.cookiejar, json, os, sys, time, urllib.parse, urllib.request

base, work = sys.argv[1], sys.argv[2]

def client():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    return opener, jar

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None

def post(opener, path, fields):
    data = urllib.parse.urlencode(fields).encode()
    # A browser on Tessera's own pages sends its Origin (the CSRF check wants it).
    req = urllib.request.Request(base + path, data=data, method="POST", headers={"Origin": base})
    try:
        with opener.open(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()

admin, _ = client()
assert post(admin, "/api/login", {"email": "admin@bench.test", "password": "bench admin password"})[0] == 200
ids = []
for i in range(100):
    status, body = post(admin, "/api/save_course", {
        "form[title]": f"Bench course {i:03}", "form[description]": "Load test.", "form[location]": "Loopback",
        "form[price]": "10", "form[currency]": "EUR", "form[capacity]": "20",
        "form[meetings][0][starts_at]": "2031-01-01T10:00", "form[meetings][0][ends_at]": "2031-01-01T12:00", "form[time_zone]": "Europe/Amsterdam"})
    assert status == 200, body
    cid = json.loads(body)
    post(admin, "/api/set_course_published", {"id": cid, "publish": "true"})
    ids.append(cid)

member, jar = client()
assert post(member, "/api/signup", {"email": "bench@bench.test", "display_name": "Bench", "password": "bench member password"})[0] == 200
# Booking wants a confirmed address: follow the link the server emailed.
token = None
for _ in range(50):
    mails = sorted(glob.glob(os.path.join(work, "mail", "*confirm_email.eml")))
    found = mails and re.search(r"token=3D([0-9a-f=\r\n]+)", open(mails[-1]).read())
    if found:
        token = re.sub(r"=\r?\n", "", found.group(1))[:64]
        break
    time.sleep(0.1)
assert token, "no confirmation email"
status, body = post(member, "/api/confirm_email", {"token": token})
assert status == 200, body
with open(os.path.join(work, "book_latencies.txt"), "w") as out:
    for cid in ids:
        t = time.perf_counter()
        status, body = post(member, "/api/book_course", {"course_id": cid})
        out.write(f"{time.perf_counter() - t}\n")
        assert status == 200, body
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
open(os.path.join(work, "cookie.txt"), "w").write(cookie)

# bench.sh starts the server with STRIPE_WEBHOOK_SECRET set, so the events
# signed here verify exactly as Stripe's would.
secret = os.environ["BENCH_WEBHOOK_SECRET"]
lua = ["local bodies = {}", "local sigs = {}"]
now = int(time.time())
for i in range(20000):
    # The whole envelope Stripe sends: the webhook parses it with
    # async-stripe's types and refuses an event without it.
    body = json.dumps({"id": f"evt_bench_{now}_{i}", "object": "event", "type": "bench.ping",
                       "created": now, "livemode": False, "pending_webhooks": 1,
                       "api_version": "2026-09-30.endive",
                       "request": {"id": None, "idempotency_key": None},
                       "data": {"object": {"id": f"obj_{i}"}}})
    sig = hmac.new(secret.encode(), f"{now}.{body}".encode(), hashlib.sha256).hexdigest()
    lua.append(f"bodies[{i + 1}] = {json.dumps(body)}")
    lua.append(f'sigs[{i + 1}] = "t={now},v1={sig}"')
lua.append("local n = 0")
lua.append("request = function()\n  n = n % #bodies + 1\n  return wrk.format('POST', nil, {['Stripe-Signature'] = sigs[n], ['Content-Type'] = 'application/json'}, bodies[n])\nend")
open(os.path.join(work, "webhook.lua"), "w").write("\n".join(lua) + "\n")
print(f"   {len(ids)} courses, 100 bookings, 20,000 signed events ready")
