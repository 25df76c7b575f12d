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
  // Said on the page it lands on, in the same words as with JavaScript
  // (the refund included), and the page starts there; the question is closed.
  await expect(page.getByTestId('cancel-result')).toHaveText('Your booking is cancelled. Your refund is on its way; it usually arrives within 5–10 days.');
  await expect(page.getByTestId('cancel-result')).toBeFocused();
  await expect(page).not.toHaveURL(/ask=/);
  expect(wrong).toEqual([]);
});

test('without JavaScript: an admin adds a topic, creates a course and publishes it', async ({ page }) => {
  const wrong = watchDocuments(page);
  await page.goto('/login?next=/admin/courses');
  await page.getByLabel('Email').fill('admin@tessera.test');
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/admin/courses');

  // Each form's answer is on the page it comes back to, with the focus.
  const topic = `Bookbinding ${Date.now()}`;
  await page.goto('/admin/topics');
  await page.getByLabel('New topic').fill(topic);
  await page.getByRole('button', { name: 'Add topic' }).click();
  await expect(page.getByTestId('topic-added')).toBeFocused();
  await expect(page.getByTestId('topics')).toContainText(topic);

  // Saved, the course list.
  const title = `Coptic Binding ${Date.now()}`;
  await page.goto('/admin/courses/new');
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill('Sew a book with an exposed spine.');
  await page.getByLabel('Location').fill('Bindery, Gent');
  await page.getByLabel('Price').fill('40');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Seats', { exact: true }).fill('6');
  await page.getByLabel('Meeting 1 starts').fill('2031-05-10T10:00');
  await page.getByLabel('Meeting 1 ends').fill('2031-05-10T16:00');
  // Without the browser's zone, the admin's own (never blank).
  await expect(page.getByLabel('Venue time zone')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);
  const row = page.locator('tr', { hasText: title });
  await expect(row).toContainText('Draft');
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(page.locator('tr', { hasText: title })).toContainText('Published');
  expect(wrong).toEqual([]);
});
