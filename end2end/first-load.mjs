// `make bench`'s first-load figures: a new visitor on a slow phone opens
// /courses, then comes back; another opens a course's page first (a link in
// a newsletter). Headless Chromium with the network throttled to slow 4G
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) and the CPU slowed
// 4×. Prints bytes over the wire, first contentful paint, and when the page
// is interactive (its islands run: on the catalog, typing in the filter
// narrows the list; on a course's page, the marker set once every island
// runs).
//
//   node end2end/first-load.mjs http://127.0.0.1:3400
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
// The phone's language (FIRST_LOAD_LOCALE=de-DE: the German pages).
const locale = process.env.FIRST_LOAD_LOCALE ?? 'en-US';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
});
let bytes = 0;
let requests = 0;

async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6e6 / 8),
    uploadThroughput: (750e3 / 8),
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests += 1;
    // FIRST_LOAD_DETAIL=1 lists each response: what the bytes are made of.
    if (process.env.FIRST_LOAD_DETAIL) {
      console.log(`      ${(e.encodedDataLength / 1024).toFixed(1).padStart(7)} KB  ${urls.get(e.requestId) ?? e.requestId}`);
    }
  });
  return page;
}

async function report(page, label, interactiveMs) {
  await page.waitForLoadState('load');
  const fcp = await page.evaluate(() => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? Math.round(e.startTime) : null;
  });
  console.log(
    `   ${label}: ${(bytes / 1024).toFixed(1)} KB in ${requests} responses, ` +
      `first contentful paint ${fcp} ms, interactive ${interactiveMs ?? 'never'} ms`,
  );
}

async function catalog(page, label) {
  bytes = 0;
  requests = 0;
  const started = Date.now();
  await page.goto(`${base}/courses`, { waitUntil: 'commit' });
  // Interactive: typing in the filter narrows the list (only after hydration).
  const filter = page.locator('input[name="q"]');
  const cards = page.locator('[data-testid="course-list"] .course-card');
  await cards.first().waitFor();
  const all = await cards.count();
  let interactiveMs = null;
  for (let i = 0; i < 600; i++) {
    await filter.fill('knife');
    if ((await cards.count()) < all) {
      interactiveMs = Date.now() - started;
      break;
    }
    await page.waitForTimeout(50);
  }
  await report(page, label, interactiveMs);
}

async function coursePage(page, href, label) {
  bytes = 0;
  requests = 0;
  const started = Date.now();
  await page.goto(`${base}${href}`, { waitUntil: 'commit' });
  await page.locator('body[data-hydrated]').waitFor({ timeout: 60_000 });
  await report(page, label, Date.now() - started);
}

// The first course's address, asked without throttling.
const html = await (await fetch(`${base}/courses`)).text();
const href = html.match(/href="(\/courses\/\d+)"/)?.[1];

const page = await phone();
await catalog(page, 'cold (first visit)');
await catalog(page, 'warm (second visit)');
// Closed, so nothing it still fetches counts for the next page.
await page.context().close();
if (href) {
  await coursePage(await phone(), href, `a course's page first (${href}), cold`);
}
await browser.close();
