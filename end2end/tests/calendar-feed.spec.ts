import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import { hydrated, newMember, publishedCourse, snap, watchConsole } from './helpers';

// A member makes their calendar address on /account; a real iCalendar
// parser reads the feed: their bookings' meetings at the right instants on
// either side of the change to summer time, and nothing after a new
// address is made.
test('a member subscribes to their calendar feed, which a real parser reads at the right instants', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  const stamp = Date.now();
  const winter = `Feed winter ${stamp}`;
  const summer = `Feed summer ${stamp}`;
  const admin = await browser.newPage();
  await publishedCourse(admin, {
    title: winter, description: 'Before the clocks change.', location: 'Studio 1, Delft',
    seats: 5, price: '0', starts: '2031-03-22T10:00', ends: '2031-03-22T12:00',
  });
  await publishedCourse(admin, {
    title: summer, description: 'After the clocks change.', location: 'Studio 1, Delft',
    seats: 5, price: '0', starts: '2031-04-05T10:00', ends: '2031-04-05T12:00',
  });
  await admin.close();

  await page.setViewportSize({ width: 360, height: 800 });
  await newMember(page, 'feed');
  for (const title of [winter, summer]) {
    await page.goto('/courses?q=' + encodeURIComponent(title));
    await page.locator('.course-card', { hasText: title }).click();
    await hydrated(page);
    await page.getByTestId('book').click();
    await expect(page).toHaveURL(/\/bookings\/\d+/);
  }

  await page.goto('/account');
  await hydrated(page);
  await page.getByTestId('make-feed').click();
  await expect(page.getByTestId('feed-made')).toBeVisible();
  const address = await page.getByTestId('feed-url').inputValue();
  expect(address).toMatch(/\/calendar\/[0-9a-f]{64}\.ics$/);
  await expect(page.getByTestId('subscribe')).toHaveAttribute('href', /^webcal:\/\//);
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, 'the account page fits 360 px').toBe(true);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.getByTestId('calendar-feed').scrollIntoViewIfNeeded();
  await snap(page, 'calendar-feed-phone');

  // A calendar app's poll: no cookies.
  const app = await browser.newContext();
  const feed = await app.request.get(address);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const starts = Object.fromEntries(events.map((e) => [e.summary, e.startDate.toJSDate().toISOString()]));
  expect(starts[winter]).toBe('2031-03-22T09:00:00.000Z');
  expect(starts[summer]).toBe('2031-04-05T08:00:00.000Z');
  expect(events).toHaveLength(2);
  const again = await app.request.get(address, { headers: { 'if-none-match': feed.headers()['etag'] } });
  expect(again.status()).toBe(304);

  // A new address: the old one answers nothing.
  await page.getByRole('button', { name: 'Make a new address…' }).click();
  await page.getByTestId('reset-feed').click();
  await expect(page.getByTestId('feed-url')).not.toHaveValue(address);
  expect((await app.request.get(address)).status()).toBe(404);
  await app.close();
  expect(errors).toEqual([]);
});
