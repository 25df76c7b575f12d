import { test, expect } from '@playwright/test';
import { snap, waitForHydration, watchConsole } from './helpers';

test('the catalog is server-rendered: course titles are in the HTML before any script', async ({ request }) => {
  const res = await request.get('/courses');
  expect(res.status()).toBe(200);
  const html = await res.text();
  for (const title of ['Sourdough Bread Masterclass', 'Rust for Web Developers', 'Japanese Knife Skills']) {
    expect(html).toContain(title);
  }
  expect(html).not.toContain('Advanced Pottery Wheel'); // a draft
});

test('the filter and sort live in the URL: they survive reload and Back, and work after hydration', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/courses');
  await waitForHydration(page);

  const cards = page.locator('[data-testid="course-list"] .course-card');
  // Five upcoming seeded courses (other tests may have added more); past ones have their own view.
  expect(await cards.count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('course-count')).toHaveText(`${await cards.count()} courses`);
  await expect(cards.filter({ hasText: 'Public Speaking Bootcamp' })).toHaveCount(0);

  // Course times are the venue's clock, zone named; a viewer elsewhere
  // (Europe/Berlin here) gets their own clock beside it.
  const knife = cards.filter({ hasText: 'Japanese Knife Skills' });
  await expect(knife.locator('time')).toContainText('10:00 JST');
  await expect(knife.locator('.your-time')).toHaveText(' (02:00 your time)');
  const yoga = cards.filter({ hasText: 'Community Yoga in the Park' });
  await expect(yoga.locator('time')).toContainText(/\d\d:\d\d CET/);
  await expect(yoga.locator('.your-time')).toHaveCount(0);

  await page.getByLabel('Search', { exact: true }).fill('knife');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Japanese Knife Skills');
  await expect(page.getByTestId('course-count')).toHaveText('1 course match “knife”');
  await expect(page).toHaveURL(/\/courses\?q=knife$/);

  // Reload keeps the filter (the server reads it from the URL).
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue('knife');
  await expect(cards).toHaveCount(1);

  await page.getByLabel('Search', { exact: true }).fill('no such course anywhere');
  await expect(cards).toHaveCount(0);
  await expect(page.getByTestId('no-match')).toBeVisible();

  await page.getByLabel('Search', { exact: true }).fill('');
  await expect(page).toHaveURL(/\/courses$/);
  // Prices sort within each currency (no exchange rates are invented).
  const titles = () => page.locator('[data-testid="course-list"] .course-title').allTextContents();
  await page.getByLabel('Sort by').selectOption('price-desc');
  await expect(page).toHaveURL(/sort=price-desc/);
  await expect.poll(async () => {
    const t = await titles();
    return t.indexOf('Sourdough Bread Masterclass') < t.indexOf('Community Yoga in the Park');
  }).toBe(true);
  await page.getByLabel('Sort by').selectOption('price-asc');
  await expect.poll(async () => {
    const t = await titles();
    return t.indexOf('Community Yoga in the Park') < t.indexOf('Sourdough Bread Masterclass');
  }).toBe(true);

  // A course page and back: the order is still chosen, in the menu and the list.
  await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sourdough Bread Masterclass');
  await page.goBack();
  await expect(page).toHaveURL(/sort=price-asc/);
  await expect(page.getByLabel('Sort by')).toHaveValue('price-asc');
  await expect.poll(async () => {
    const t = await titles();
    return t.indexOf('Community Yoga in the Park') < t.indexOf('Sourdough Bread Masterclass');
  }).toBe(true);

  await page.getByLabel('Sort by').selectOption('date');
  await snap(page, 'catalog');
  expect(errors).toEqual([]);
});

test('Enter in the search box sends the filter while the page has not hydrated', async ({ page }) => {
  // The page's script never arrives (a slow phone, a blocked script).
  await page.route(/\/pkg\/.*\.wasm$/, (route) => route.abort());
  await page.goto('/courses', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Search', { exact: true }).fill('yoga');
  await page.getByLabel('Search', { exact: true }).press('Enter');
  await expect(page).toHaveURL(/q=yoga/);
  const cards = page.locator('[data-testid="course-list"] .course-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Community Yoga in the Park');
});

test('text typed into the filter before the page hydrates is kept and applied', async ({ page }) => {
  // The page's script is held back until the text is typed.
  let release: () => void = () => {};
  const held = new Promise<void>((r) => { release = r; });
  await page.route(/\/pkg\/.*\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto('/courses', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Search', { exact: true }).fill('yoga');
  release();
  await waitForHydration(page);
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue('yoga');
  await expect(page).toHaveURL(/q=yoga/);
  const cards = page.locator('[data-testid="course-list"] .course-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Community Yoga in the Park');
});

test('a course page shows its details and why a past course cannot be booked', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/courses');
  await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sourdough Bread Masterclass');
  await expect(page.getByTestId('price')).toHaveText('€49.00');
  await waitForHydration(page);
  await snap(page, 'course-detail');

  await page.goto('/courses');
  await page.getByRole('link', { name: 'Past courses →' }).click();
  await page.getByRole('link', { name: /Public Speaking Bootcamp/ }).click();
  await expect(page.getByTestId('booking-status')).toHaveText('This course has ended.');
  expect(errors).toEqual([]);
});

test('the landing page leads to the catalog', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Learn something new');
  await snap(page, 'landing');
  await page.getByRole('link', { name: 'Browse the catalog' }).click();
  await expect(page).toHaveURL(/\/courses$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courses');
  expect(errors).toEqual([]);
});

test('an unknown course is a friendly 404', async ({ page }) => {
  const res = await page.goto('/courses/999999');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("We couldn't find that course.");
});

test('assets have content-hashed names, arrive compressed, and a second visit downloads none of them', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const fromNetwork: { url: string; encoding: string; cache: string }[] = [];
  // Chromium reports a memory-cache hit as its own event before the response.
  const fromMemory = new Set<string>();
  cdp.on('Network.requestServedFromCache', (e) => fromMemory.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    const r = e.response;
    if (r.url.includes('/pkg/') && !r.fromDiskCache && !fromMemory.has(e.requestId)) {
      const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      fromNetwork.push({ url: r.url, encoding: h['content-encoding'] ?? '', cache: h['cache-control'] ?? '' });
    }
  });

  await page.goto('/courses');
  await waitForHydration(page);
  const kinds = fromNetwork.map((a) => a.url.split('.').pop());
  expect(kinds).toEqual(expect.arrayContaining(['css', 'js', 'wasm']));
  for (const asset of fromNetwork) {
    // The app, and the small loader of the parts that come on demand.
    expect(asset.url).toMatch(/\/pkg\/(tessera|__wasm_split)\.[A-Za-z0-9_-]{8,}\.(css|js|wasm)$/);
    expect(['br', 'gzip']).toContain(asset.encoding);
    expect(asset.cache).toBe('public, max-age=31536000, immutable');
  }

  // Coming back later (a new navigation, not a reload, which asks again).
  fromNetwork.length = 0;
  await page.goto('about:blank');
  await page.goto('/courses');
  await waitForHydration(page);
  expect(fromNetwork, 'assets fetched again on the second visit').toEqual([]);
});

test.describe('a viewer in New York', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('sees a Tokyo course at 10:00 Tokyo time, with their own time beside it', async ({ page }) => {
    await page.goto('/courses');
    await waitForHydration(page);
    const card = page.locator('.course-card', { hasText: 'Japanese Knife Skills' });
    await expect(card.locator('time')).toContainText('10:00 JST');
    // 01:00 UTC is 20:00 the evening before in New York.
    await expect(card.locator('.your-time')).toHaveText(/^ \(\w{3},? \d{1,2} \w{3},? 20:00 your time\)$/);
    await card.getByRole('link', { name: 'Japanese Knife Skills' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Japanese Knife Skills');
    await expect(page.locator('time').first()).toContainText('10:00 JST');
    await expect(page.locator('.your-time').first()).toContainText('20:00 your time');
    await snap(page, 'course-detail-new-york');
  });
});

