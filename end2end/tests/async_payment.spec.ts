import { test, expect, Page } from '@playwright/test';
import { hydrated, newMember, snap, watchConsole } from './helpers';

// SEPA Direct Debit on the simulator's hosted page: the payment processes
// for STRIPE_SIM_ASYNC_DELAY_MS (8 s, set in scripts/e2e-server.sh), then
// the bank "pays" and the booking is confirmed.

const PASSWORD = 'correct horse battery';

test('a member pays by SEPA Direct Debit: processing, then confirmed', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchConsole(page);
  await newMember(page, 'sepa');
  await page.goto('/courses');
  await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sourdough Bread Masterclass');
  await hydrated(page);
  await page.getByTestId('book').click();

  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('Test mode — simulated Stripe')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'SEPA Direct Debit' })).toBeVisible();
  await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await snap(page, 'checkout-sepa');
  await page.getByRole('button', { name: 'Debit my account' }).click();

  await expect(page).toHaveURL(/\/payment\/success\?session_id=cs_/);
  await expect(page.getByTestId('processing')).toContainText('Your payment is processing');
  await snap(page, 'payment-processing');

  await page.goto('/bookings');
  const row = page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' });
  await expect(row.getByTestId('status')).toHaveText('Payment processing');
  // Nothing that could charge twice is offered while the bank decides.
  await expect(row.getByRole('button')).toHaveCount(0);
  await snap(page, 'dashboard-processing');

  // The debit settles; the badge follows.
  await expect(async () => {
    await page.goto('/bookings');
    await expect(page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' }).getByTestId('status')).toHaveText('Confirmed', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await snap(page, 'dashboard-sepa-confirmed');
  expect(errors).toEqual([]);
});
