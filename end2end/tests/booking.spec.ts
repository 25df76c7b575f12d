import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, newMember, snap, watchConsole } from './helpers';

const PASSWORD = 'correct horse battery';

async function openCourse(page: Page, title: string) {
  await page.goto('/courses');
  await page.getByRole('link', { name: new RegExp(title) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await hydrated(page);
}

async function payOnCheckout(page: Page, card: string) {
  await expect(page.getByText('Test mode — simulated Stripe')).toBeVisible();
  await page.getByLabel('Card number').fill(card);
  await page.getByRole('button', { name: 'Pay' }).click();
}

test('a member books, pays with 4242 and sees the booking confirmed', async ({ page }) => {
  const errors = watchConsole(page);
  await newMember(page, 'payer');
  await openCourse(page, 'Sourdough Bread Masterclass');
  await snap(page, 'course-book');
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('€49.00').first()).toBeVisible();
  await snap(page, 'checkout');
  await payOnCheckout(page, '4242 4242 4242 4242');

  await expect(page).toHaveURL(/\/payment\/success\?session_id=cs_/);
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");
  await expect(page.getByTestId('amount-paid')).toHaveText('€49.00');
  await expect(page.getByTestId('reference')).toHaveText(/^TS-\d{6}$/);
  await snap(page, 'payment-success');

  await page.getByRole('link', { name: 'See my bookings' }).click();
  const row = page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' });
  await expect(row.getByTestId('status')).toHaveText('Confirmed');
  await snap(page, 'dashboard');

  // The course now says they are booked, and Book stays for booking
  // someone else too.
  await openCourse(page, 'Sourdough Bread Masterclass');
  await expect(page.getByTestId('your-booking')).toContainText("You're booked on this course (1 seat).");
  await expect(page.getByText('Booking for someone else too?')).toBeVisible();
  await expect(page.getByTestId('book')).toHaveCount(1);
  await page.getByRole('link', { name: 'View your booking' }).click();
  await expect(page).toHaveURL(/\/bookings\/\d+$/);
  await hydrated(page);

  // "Add to calendar" downloads the booking as an iCalendar file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('add-to-calendar').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^booking-TS-\d{6}\.ics$/);
  const ics = fs.readFileSync((await download.path())!, 'utf8');
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines).toContain('BEGIN:VEVENT');
  expect(lines).toContain('SUMMARY:Sourdough Bread Masterclass');
  expect(lines.find((l) => l.startsWith('DTSTART'))).toMatch(/^DTSTART:\d{8}T\d{6}Z$/);
  expect(lines.filter((l) => l === 'END:VCALENDAR')).toHaveLength(1);
  // The page is still the live app after the download.
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  expect(errors).toEqual([]);
});

test('pages hydrate from the data they carry, without asking the server again', async ({ page }) => {
  const errors = watchConsole(page);
  await newMember(page, 'hydrate');
  await openCourse(page, 'Sourdough Bread Masterclass');
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);

  // Were an island's data unreadable in the browser, Leptos would quietly
  // fetch them again through the server function: no such call may happen
  // while a loaded page comes to life.
  const refetched: string[] = [];
  let watching = false;
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (watching && /^\/api\/(who_am_i|my_bookings|list_courses|booking_detail)/.test(path)) refetched.push(path);
  });
  const load = async (path: string) => {
    watching = true;
    await page.goto(path);
    await hydrated(page);
    await page.waitForLoadState('networkidle');
    watching = false;
  };
  await load('/bookings');
  const row = page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' });
  await expect(row.getByTestId('status')).toHaveText('Pending payment');
  const id = await row.getAttribute('data-booking-id');
  await load(`/bookings/${id}`);
  await expect(page.getByTestId('reference')).toHaveText(/^TS-\d{6}$/);
  await load('/courses');
  await expect(page.getByTestId('course-count')).toBeVisible();
  expect(refetched).toEqual([]);
  expect(errors).toEqual([]);
});

test('a declined card keeps the booking pending; Back, then retry with 4242 confirms', async ({ page }) => {
  await newMember(page, 'decline');
  await openCourse(page, 'Rust for Web Developers');
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await payOnCheckout(page, '4000 0000 0000 0002');
  await expect(page.getByText('Your card was declined.')).toBeVisible();
  await snap(page, 'checkout-declined');

  await page.getByRole('link', { name: /Back/ }).click();
  await expect(page).toHaveURL(/\/payment\/cancel\?booking=\d+/);
  await expect(page.getByTestId('payment-cancelled')).toContainText('Payment not completed');
  await snap(page, 'payment-cancel');

  await page.goto('/bookings');
  const row = page.locator('.booking', { hasText: 'Rust for Web Developers' });
  await expect(row.getByTestId('status')).toHaveText('Payment failed — retry');
  await hydrated(page);
  await row.getByRole('button', { name: 'Retry payment' }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await payOnCheckout(page, '4242424242424242');
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");
  await page.goto('/bookings');
  await expect(page.locator('.booking', { hasText: 'Rust for Web Developers' }).getByTestId('status')).toHaveText('Confirmed');
});

test('a signed-out visitor pressing Book signs in and goes straight on to Checkout', async ({ page, browser }) => {
  // An account to sign in with.
  const email = `returning.${Date.now()}@example.com`;
  const setup = await browser.newPage();
  await newMember(setup, 'returning', { name: 'Returning Member', email });
  await setup.close();

  await openCourse(page, 'Japanese Knife Skills');
  await page.getByTestId('book').click();
  // Create an account first; "Sign in" beside it keeps the course.
  await expect(page).toHaveURL(/\/signup\?next=/);
  await hydrated(page);
  await page.getByTestId('sign-in-instead').click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await expect(page.getByTestId('youre-booking')).toContainText('Japanese Knife Skills');
  await expect(page.getByTestId('youre-booking')).toContainText('¥5,000');
  await snap(page, 'login-to-book');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('¥5,000').first()).toBeVisible();
});

test('a full course cannot be booked', async ({ page, browser }) => {
  // Someone takes the last seat of Watercolour Landscapes (5 of 6 are held).
  const first = await browser.newPage();
  await newMember(first, 'lastseat');
  await openCourse(first, 'Watercolour Landscapes');
  await first.getByTestId('book').click();
  await expect(first).toHaveURL(/\/c\/pay\/cs_/);
  await first.close();

  await newMember(page, 'toolate');
  await page.goto('/courses');
  await expect(page.locator('.course-card', { hasText: 'Watercolour Landscapes' })).toContainText('Full');
  await openCourse(page, 'Watercolour Landscapes');
  await expect(page.getByTestId('booking-status')).toHaveText('This course is full.');
  // Someone is still paying for the last seat: it may come free again.
  await expect(page.getByTestId('seats-may-free')).toContainText('held by someone who is still paying');
  await expect(page.getByTestId('book')).toHaveCount(0);
  await snap(page, 'course-full');
});

test('a member cancels a paid booking and sees it refunded on the dashboard', async ({ page }) => {
  await newMember(page, 'canceller');
  await openCourse(page, 'Sourdough Bread Masterclass');
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await payOnCheckout(page, '4242 4242 4242 4242');
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");

  await page.goto('/bookings');
  await page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' }).getByRole('link', { name: 'Sourdough Bread Masterclass' }).click();
  await expect(page.getByTestId('refund-policy')).toHaveText('If you cancel now, you get a full refund of €49.00.');
  await hydrated(page);
  await page.getByRole('button', { name: 'Cancel booking' }).click();
  await page.getByRole('button', { name: 'Yes, cancel my booking' }).click();
  await expect(page.getByTestId('cancel-result')).toContainText('Your refund is on its way');
  await snap(page, 'booking-cancelled');

  // The refund is confirmed by Stripe's webhook; the badge follows.
  // It leaves "Upcoming" for the collapsed "Cancelled and expired".
  await expect(async () => {
    await page.goto('/bookings');
    await expect(page.getByTestId('bookings-ended').locator('.booking', { hasText: 'Sourdough Bread Masterclass' }).getByTestId('status')).toHaveText('Refunded', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('bookings-upcoming').locator('.booking', { hasText: 'Sourdough Bread Masterclass' })).toHaveCount(0);
  await page.getByText(/^Cancelled and expired \(\d+\)$/).click();
  await expect(page.getByTestId('bookings-ended')).toBeVisible();
  await snap(page, 'dashboard-refunded');
});

test('pages are server HTML with a few islands: the catalog and a course need one module, the account a chunk more', async ({ page }) => {
  const errors = watchConsole(page);
  const modules: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) modules.push(path);
  });
  await page.goto('/courses');
  await hydrated(page);
  await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sourdough Bread Masterclass');
  // The booking box is an island: its props arrived and it runs.
  await expect(page.locator('leptos-island', { has: page.getByTestId('book') })).toHaveCount(1);
  // One module for both pages, fetched by the first and cached.
  expect(new Set(modules).size, modules.join(', ')).toBe(1);
  const main = modules[0];
  await newMember(page, 'islands');
  await page.goto('/bookings');
  await hydrated(page);
  expect(new Set(modules), modules.join(', ')).toEqual(new Set([main]));
  // The account's passkeys are a lazy island: their code comes with that page.
  await page.goto('/account');
  await hydrated(page);
  expect(new Set(modules).size, modules.join(', ')).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});
