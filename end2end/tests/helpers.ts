import * as fs from 'fs';
import { expect, Page } from '@playwright/test';

/**
 * Collects console errors and uncaught exceptions for the whole test.
 * Chromium also logs every 4xx answer ("Failed to load resource: … 422"):
 * those are refusals the test provoked on purpose and checks on the page, so
 * they are not counted; 5xx answers are.
 */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Waits for the hydration marker the WASM entry point sets on <body>. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body?.dataset.hydrated === 'true');
}

/** Waits until the WASM has hydrated the page (the marker on <body>, as a web-first assertion). */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** A full-page screenshot under test-results/screenshots/. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/**
 * The link (path and query) of kind `kind` (`confirm_email`, `email_change`,
 * `password_reset`: the .eml file's suffix) last emailed to `email`, from
 * the files the e2e server writes, or undefined while none has arrived.
 */
export function emailedLink(email: string, kind: string, path: string): string | undefined {
  const dir = '.e2e-data/mail';
  if (!fs.existsSync(dir)) return undefined;
  const mails = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(`-${kind}.eml`))
    .sort()
    .map((f) => fs.readFileSync(`${dir}/${f}`, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
    .filter((m) => m.includes(`To: ${email}`));
  const m = mails.at(-1)?.match(new RegExp(`${path}\\?token=[0-9a-f]{64}[^\\s"<]*`));
  return m?.[0].replace(/&amp;/g, '&');
}

/** Follows the confirmation link emailed to `email` and waits until signed in. */
export async function confirmEmail(page: Page, email: string): Promise<void> {
  await expect.poll(() => emailedLink(email, 'confirm_email', '/confirm-email'), { timeout: 15_000 }).toBeTruthy();
  await page.goto(emailedLink(email, 'confirm_email', '/confirm-email')!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

/** Signs up a new member named after `tag`, confirms the address and waits until signed in. */
export async function newMember(
  page: Page,
  tag: string,
  { password = 'correct horse battery', name = `Member ${tag}`, email = `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com` } = {},
): Promise<string> {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signup-sent')).toBeVisible();
  await confirmEmail(page, email);
  return email;
}

/** Signs in as the suite's admin, landing on the course list. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/login?next=/admin/courses');
  await hydrated(page);
  await page.getByLabel('Email').fill('admin@tessera.test');
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The path itself: `/login?next=/admin/courses` ends the same way.
  await page.waitForURL((url) => url.pathname === '/admin/courses');
}

/** An admin publishes a course of `seats` seats (€20 unless `price` says otherwise), at most `perBooking` a booking. */
export async function publishedCourse(
  admin: Page,
  c: { title: string; description: string; location: string; seats: number; perBooking?: number; price?: string; starts: string; ends: string },
): Promise<void> {
  await signInAsAdmin(admin);
  await admin.getByRole('link', { name: 'New course' }).click();
  await admin.getByLabel('Title', { exact: true }).fill(c.title);
  await admin.getByLabel('Description', { exact: true }).fill(c.description);
  await admin.getByLabel('Location').fill(c.location);
  await admin.getByLabel('Price').fill(c.price ?? '20');
  await admin.getByLabel('Currency').selectOption('EUR');
  await admin.getByLabel('Seats', { exact: true }).fill(String(c.seats));
  if (c.perBooking) await admin.getByLabel('Most seats in one booking').fill(String(c.perBooking));
  await admin.getByLabel('Meeting 1 starts').fill(c.starts);
  await admin.getByLabel('Meeting 1 ends').fill(c.ends);
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin).toHaveURL(/\/admin\/courses$/);
  const row = admin.locator('tr', { hasText: c.title });
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(row).toContainText('Published');
}
