import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, newMember, signInAsAdmin, snap, watchConsole } from './helpers';

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
}

async function fits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

// A member pays and downloads the invoice from the booking page, corrects
// the company on it (a credit note and a new invoice), and follows the
// footer to the imprint and privacy pages.
test('a member pays, downloads the invoice and corrects it; the footer opens the imprint and privacy pages', async ({ browser }) => {
  test.setTimeout(90_000);
  // A context of its own: axe runs on its pages.
  const page = await (await browser.newContext()).newPage();
  const errors = watchConsole(page);
  await newMember(page, 'invoice', { name: 'Ada Lovelace' });
  await page.goto('/courses');
  await page.getByRole('link', { name: /Rust for Web Developers/ }).click();
  await hydrated(page);
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  const bookingId = Number(reference.replace('TS-', ''));

  await page.goto(`/bookings/${bookingId}`);
  await hydrated(page);
  const box = page.getByTestId('invoices-box');
  const first = box.getByRole('link', { name: /^Invoice TS-\d{4}-\d{6} \(PDF\)$/ });
  await expect(first).toBeVisible();
  const href = (await first.getAttribute('href'))!;
  expect(href).toMatch(/^\/invoices\/TS-\d{4}-\d{6}\.pdf$/);
  const pdf = await page.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  // Another visitor gets nothing.
  const stranger = await (await browser.newContext()).newPage();
  expect((await stranger.request.get(href, { maxRedirects: 0 })).status()).toBe(303);
  await stranger.close();

  // The company, after paying: the invoice is credited and issued again.
  await box.getByText('Name, company and address on the invoice').click();
  await box.getByLabel('Company').fill('Analytical Engines Ltd');
  await box.getByLabel('Address').fill('1 Engine Row\nLondon');
  await box.getByRole('button', { name: 'Save invoice details' }).click();
  await expect(page.getByTestId('billing-saved')).toContainText('replaces the earlier one');
  await expect(page.getByTestId('billing-saved')).toBeFocused();
  await expect(box.getByRole('link')).toHaveText([/^Invoice /, /^Credit note /, /^Invoice /]);
  await axeClean(page);
  await page.setViewportSize({ width: 360, height: 800 });
  await fits(page);
  await snap(page, 'booking-invoices-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  await snap(page, 'booking-invoices');

  // The footer names who runs the site and opens its pages.
  const footer = page.getByTestId('site-footer');
  await expect(footer).toContainText('Kursraum Example GmbH (sample data)');
  await footer.getByRole('link', { name: 'Imprint' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Imprint');
  await expect(page.getByTestId('operator')).toContainText('Beispielstraße 1');
  await axeClean(page);
  await snap(page, 'imprint');
  await page.getByTestId('site-footer').getByRole('link', { name: 'Privacy' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy');
  await page.setViewportSize({ width: 360, height: 800 });
  await fits(page);
  await snap(page, 'privacy-phone');
  expect(errors).toEqual([]);
});

// An admin writes the privacy page in Markdown and finds the invoices of
// the year, with the bookkeeper's CSV.
test('an admin writes the privacy page and lists the year\'s invoices', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  const errors = watchConsole(page);
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Site' }).click();
  await expect(page).toHaveURL(/\/admin\/site$/);
  await hydrated(page);
  await expect(page.getByTestId('seller-form').getByLabel('Name of the business')).toHaveValue('Kursraum Example GmbH (sample data)');
  await page.getByLabel('Privacy notice').fill('## What we keep\n\nYour **bookings**, and <b>nothing</b> else.');
  await page.getByRole('button', { name: 'Save pages' }).click();
  await expect(page.getByTestId('legal-saved')).toBeVisible();
  await axeClean(page);
  await snap(page, 'admin-site');

  await page.goto('/privacy');
  await expect(page.getByRole('heading', { level: 2, name: 'What we keep' })).toBeVisible();
  await expect(page.getByTestId('legal-page')).toContainText('<b>nothing</b>');

  await page.goto('/admin/invoices');
  await hydrated(page);
  await expect(page.getByTestId('invoice-line').first()).toBeVisible();
  const csv = page.getByRole('link', { name: /Download \d{4} as CSV/ });
  const res = await page.request.get((await csv.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect((await res.text()).split('\r\n')[0]).toBe('number,kind,issued_at_utc,booking,buyer,net,vat,vat_rate_percent,total,currency,corrects');
  await axeClean(page);
  await snap(page, 'admin-invoices');
  expect(errors).toEqual([]);
});
