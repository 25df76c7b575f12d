import { test, expect, Page } from '@playwright/test';
import { snap, waitForHydration, watchConsole } from './helpers';

async function signInAsAdmin(page: Page) {
  await page.goto('/login?next=/admin/courses');
  await page.waitForFunction(() => document.querySelector('body')?.dataset.hydrated === 'true');
  await page.getByLabel('Email').fill('admin@tessera.test');
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);
}

test('an admin creates and publishes a course, and a visitor sees it in the catalog', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await signInAsAdmin(page);
  await expect(page.getByTestId('admin-courses')).toContainText('Sourdough Bread Masterclass');
  await waitForHydration(page);
  await snap(page, 'admin-courses');

  await page.getByRole('link', { name: 'New course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New course');
  const title = `Letterpress Printing ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Set type by hand and print a poster on a 1950s proofing press.');
  await page.getByLabel('Location').fill('Print Shop, Leiden');
  await page.getByLabel('Price').fill('85');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Seats').fill('7');
  await page.getByLabel('Starts').fill('2031-06-14T10:00');
  await page.getByLabel('Ends').fill('2031-06-14T09:00');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page.locator('[data-field-error="form[ends_at]"]')).toHaveText('The course must end after it starts.');
  await snap(page, 'admin-course-form-error');
  await page.getByLabel('Ends').fill('2031-06-14T16:00');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);

  const row = page.locator('tr', { hasText: title });
  await expect(row).toContainText('Draft');
  await expect(row).toContainText('0 / 7');
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(row).toContainText('Published');

  // A visitor, in a fresh browser context, finds it in the catalog.
  const visitor = await browser.newPage();
  await visitor.goto('/courses');
  await expect(visitor.locator('.course-card', { hasText: title })).toContainText('€85.00');
  await visitor.locator('.course-card', { hasText: title }).click();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  // Entered as 10:00 in the admin's zone (Europe/Berlin), shown as 10:00 to a Berlin visitor.
  await expect(visitor.locator('time').first()).toContainText('10:00');
  await visitor.close();
  expect(errors).toEqual([]);
});

test('the roster lists who is coming and links a CSV export', async ({ page }) => {
  await signInAsAdmin(page);
  await page.locator('tr', { hasText: 'Watercolour Landscapes' }).getByRole('link', { name: 'Roster' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Watercolour Landscapes');
  await expect(page.getByTestId('roster').locator('tbody tr')).toHaveCount(5);
  await snap(page, 'admin-roster');
  const csv = await page.request.get(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href') ?? '');
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[0]).toBe('reference,name,email,status,amount,currency,booked_at_utc');
});

test('members are turned away from admin pages', async ({ page }) => {
  await page.goto('/signup');
  await page.waitForFunction(() => document.querySelector('body')?.dataset.hydrated === 'true');
  await page.getByLabel('Your name').fill('Just A Member');
  await page.getByLabel('Email').fill(`member.${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  const res = await page.goto('/admin/courses');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is for administrators.');
});
