import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as zlib from 'zlib';
import { hydrated, signInAsAdmin, snap, watchConsole } from './helpers';

/** A PNG of `width` × `height`: a sky over a field, drawn here. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const sky = y < height * 0.6;
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows[at] = sky ? 150 : 90;
      rows[at + 1] = sky ? 190 : 140;
      rows[at + 2] = sky ? 230 : 60;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
}

async function fits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** `YYYY-MM-DDTHH:MM` at Berlin's clock, as the course form takes it. */
function berlin(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(at).replace(' ', 'T');
}

// An admin adds a topic and files a new course under it; a visitor finds
// the course by topic, this month, words and seats left, and opens it.
test('an admin files a course under a new topic with a picture; a visitor finds it by topic, this month and words', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Topics' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Topics');
  await hydrated(page);
  const n = Date.now() % 100000;
  const topic = `Woodwork ${n}`;
  // A name already on the list is refused at the field.
  await page.getByLabel('New topic').fill('cooking');
  await page.getByRole('button', { name: 'Add topic' }).click();
  await expect(page.getByText('There is already a topic called “Cooking”.')).toBeVisible();
  await expect(page.getByLabel('New topic')).toBeFocused();
  await page.getByLabel('New topic').fill(topic);
  await page.getByRole('button', { name: 'Add topic' }).click();
  await expect(page.getByTestId('topic-added')).toBeVisible();
  await expect(page.getByTestId('topics')).toContainText(`?topic=woodwork-${n}`);
  await axeClean(page);
  await snap(page, 'admin-topics');
  await page.setViewportSize({ width: 360, height: 800 });
  await fits(page);
  await snap(page, 'admin-topics-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // A course a quarter of an hour from now: always this week and month
  // (but in the last minutes of a month's last day).
  const starts = new Date(Date.now() + 15 * 60_000);
  const ends = new Date(starts.getTime() + 2 * 3600_000);
  await page.goto('/admin/courses/new');
  await hydrated(page);
  const title = `Spoon Carving ${n}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill('Carve a cherry-wood spoon with a sloyd and a crook blade.');
  await page.getByLabel('Location').fill('Werkstatt 3, Leipzig');
  await page.getByLabel('Price').fill('35');
  await page.getByLabel('Seats', { exact: true }).fill('6');
  await page.getByLabel('Topic').selectOption({ label: topic });
  await page.getByLabel('Meeting 1 starts').fill(berlin(starts));
  await page.getByLabel('Meeting 1 ends').fill(berlin(ends));
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);
  const row = page.locator('tr', { hasText: title });
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(row).toContainText('Published');

  // Its picture, with what it shows: refused without the words, then saved.
  await row.getByRole('link', { name: title }).click();
  await hydrated(page);
  const box = page.getByTestId('picture-box');
  await box.getByLabel('A picture').setInputFiles({ name: 'field.png', mimeType: 'image/png', buffer: png(1200, 800) });
  await box.getByLabel('What the picture shows').fill(' ');
  // The browser would refuse a blank required field itself; the server says it too.
  await box.getByLabel('What the picture shows').evaluate((el) => el.removeAttribute('required'));
  await box.getByRole('button', { name: 'Save picture' }).click();
  await expect(page.getByTestId('picture-said')).toContainText('Say in a few words what the picture shows');
  await page.getByTestId('picture-box').getByLabel('A picture').setInputFiles({ name: 'field.png', mimeType: 'image/png', buffer: png(1200, 800) });
  await page.getByTestId('picture-box').getByLabel('What the picture shows').fill('A pale blue sky over a green field');
  await page.getByTestId('picture-box').getByRole('button', { name: 'Save picture' }).click();
  await expect(page.getByTestId('picture-said')).toContainText('Picture saved');
  await expect(page.getByTestId('picture-box').getByRole('img', { name: 'A pale blue sky over a green field' })).toBeVisible();
  await snap(page, 'admin-course-picture');

  // A visitor narrows the catalog down to it.
  const visitor = await (await browser.newContext()).newPage();
  const visitorErrors = watchConsole(visitor);
  await visitor.goto('/courses');
  await hydrated(visitor);
  const cards = visitor.locator('.course-card');
  await visitor.getByLabel('Topic').selectOption({ label: topic });
  await expect(visitor).toHaveURL(new RegExp(`topic=woodwork-${n}`));
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(title);
  await expect(cards.first().getByTestId('card-topic')).toHaveText(topic);
  const cardPicture = cards.first().getByRole('img', { name: 'A pale blue sky over a green field' });
  await expect(cardPicture).toBeVisible();
  expect(await cardPicture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const sameMonth = berlin(starts).slice(0, 7) === berlin(new Date()).slice(0, 7);
  await visitor.getByLabel('When').selectOption('this-month');
  await expect(visitor).toHaveURL(/dates=this-month/);
  await expect(cards).toHaveCount(sameMonth ? 1 : 0);
  await visitor.getByLabel('Seats left only').check();
  await expect(visitor).toHaveURL(/seats=left/);
  await visitor.getByLabel('Search', { exact: true }).fill('sloyd spoo');
  await expect(visitor).toHaveURL(/q=sloyd\+spoo/);
  await expect(cards).toHaveCount(sameMonth ? 1 : 0);
  await expect(visitor.getByTestId('course-count')).toContainText(sameMonth ? '1 course match' : '');
  // Reloaded, the form says what was chosen.
  await visitor.reload();
  await hydrated(visitor);
  await expect(visitor.getByLabel('Topic')).toHaveValue(`woodwork-${n}`);
  await expect(visitor.getByLabel('When')).toHaveValue('this-month');
  await expect(visitor.getByLabel('Seats left only')).toBeChecked();
  await axeClean(visitor);
  await snap(visitor, 'catalog-narrowed');
  await visitor.setViewportSize({ width: 360, height: 800 });
  await fits(visitor);
  await snap(visitor, 'catalog-narrowed-phone');

  // Words not in it find nothing, and say how to get everything back.
  await visitor.getByLabel('Search', { exact: true }).fill('sloyd zither');
  await expect(visitor.getByTestId('no-match')).toContainText('with these choices');
  await visitor.getByRole('link', { name: 'Show every course' }).click();
  await expect(visitor).toHaveURL(/\/courses$/);
  await expect(visitor.getByLabel('Topic')).toHaveValue('');

  // The course's page links its place to a map.
  await visitor.goto(`/courses?topic=woodwork-${n}`);
  await cards.first().getByRole('link').click();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(visitor.getByTestId('course-picture')).toHaveAttribute('alt', 'A pale blue sky over a green field');
  await expect(visitor.locator('meta[property="og:image"]')).toHaveAttribute('content', /\/pictures\/[0-9a-f]{64}-960\.jpg$/);
  await snap(visitor, 'course-with-picture-phone');
  await visitor.setViewportSize({ width: 1280, height: 900 });
  await snap(visitor, 'course-with-picture');
  const map = visitor.getByRole('link', { name: 'Show on a map' });
  await expect(map).toHaveAttribute('href', /openstreetmap\.org\/search\?query=Werkstatt/);
  expect(errors).toEqual([]);
  expect(visitorErrors).toEqual([]);
});
