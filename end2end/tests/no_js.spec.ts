import { test, expect, Page } from '@playwright/test';
import { emailedLink, snap } from './helpers';

// With JavaScript off (an old phone, a blocked script, a page still
// loading): every form is a plain form post and answers with a page.
test.use({ javaScriptEnabled: false });

const PASSWORD = 'correct horse battery';

/** Every page the browser is sent to is HTML, never an API's JSON. */
function watchDocuments(page: Page): string[] {
  const wrong: string[] = [];
  page.on('response', (res) => {
    // Redirects are followed, never shown: what counts is where they land.
    if (res.request().resourceType() !== 'document' || (res.status() >= 300 && res.status() < 400)) return;
    const type = res.headers()['content-type'] ?? '';
    if (!type.startsWith('text/html')) wrong.push(`${res.status()} ${type} ${res.url()}`);
  });
  return wrong;
}

test('without JavaScript: sign up, sign in, book, pay and cancel, each answered with a page', async ({ page }) => {
  const wrong = watchDocuments(page);
  const email = `nojs.${Date.now()}@example.com`;

  // A refused sign-up comes back with its error beside the field and what
  // was typed, but the password.
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Noor Script');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/signup/);
  await expect(page.locator('[data-field-error="password"]')).not.toBeEmpty();
  await expect(page.getByLabel('Your name')).toHaveValue('Noor Script');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signup-sent')).toBeVisible();
  await expect.poll(() => emailedLink(email, 'confirm_email', '/confirm-email'), { timeout: 15_000 }).toBeTruthy();
  await page.goto(emailedLink(email, 'confirm_email', '/confirm-email')!);
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Noor Script');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);

  // A wrong password comes back on the sign-in page, then the right one.
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('alert')).toHaveText("That email and password don't match an account.");
  await expect(page.getByLabel('Password')).toHaveValue('');
  // The address typed is kept, the password never.
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Noor Script');

  // Book and pay on Checkout.
  await page.goto('/courses');
  await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).first().click();
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page).toHaveURL(/\/payment\/success/);
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!", { timeout: 15_000 });

  // Cancel: the question, then the answer, each a page.
  await page.goto('/bookings');
  await page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' }).getByRole('link', { name: 'Sourdough Bread Masterclass' }).click();
  await page.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(page).toHaveURL(/ask=cancel/);
  await snap(page, 'no-js-cancel-question');
  await page.getByRole('button', { name: 'Yes, cancel my booking' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Cancelled|Refunded/);
  expect(wrong).toEqual([]);
});
