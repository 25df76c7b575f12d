import { test, expect, Locator, Page } from '@playwright/test';
import { confirmEmail, hydrated, newMember, publishedCourse, signInAsAdmin, snap, watchConsole } from './helpers';

// Book → pay → cancel with the keyboard alone, checking where focus lands
// after each step.
const PASSWORD = 'correct horse battery';

/** Presses Tab until `target` has focus; fails after `most` presses. */
async function tabTo(page: Page, target: Locator, most = 30): Promise<number> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
  }
  throw new Error(`${target} not reached in ${most} Tabs`);
}

/** A page just loaded: nothing has the focus yet, so the first Tab reaches the skip link. */
async function startsAtTop(page: Page) {
  await expect.poll(() => page.evaluate(() => document.activeElement === document.body)).toBe(true);
}

test('a member books, pays and cancels by keyboard alone, and focus follows each step', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchConsole(page);

  // Sign up by keyboard: the first field, typed, Tab to the next.
  await page.goto('/signup');
  await hydrated(page);
  await tabTo(page, page.getByLabel('Your name'));
  await page.keyboard.type('Key Board');
  await page.keyboard.press('Tab');
  const email = `keys.${Date.now()}@example.com`;
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signup-sent')).toBeVisible();
  // The new page has the focus at its start, not on a button that is gone.
  await startsAtTop(page);
  await confirmEmail(page, email);
  await expect(page.getByTestId('welcome')).toBeVisible();

  // The course page: skip link, then Tab to "Book".
  await page.goto('/courses/1');
  await hydrated(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  const presses = await tabTo(page, page.getByTestId('book'), 9);
  // The instructor's links (under the title and in "Your instructor"),
  // the location's map link and the seat count come first.
  expect(presses, 'from the page start, "Book" is a few Tabs away').toBeLessThanOrEqual(7);
  await page.keyboard.press('Enter');

  // Stripe's page: card, expiry typed as digits, Enter pays.
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await tabTo(page, page.getByLabel('Card number'));
  await page.keyboard.type('4242424242424242');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Expiry')).toBeFocused();
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirmation')).toBeVisible();
  await hydrated(page);

  // The confirmation: on to the booking.
  await tabTo(page, page.getByRole('link', { name: 'See my bookings' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/bookings$/);
  await startsAtTop(page);
  const row = page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' }).getByRole('link', { name: 'Sourdough Bread Masterclass' });
  await tabTo(page, row, 10);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/bookings\/\d+$/);
  await startsAtTop(page);

  // Cancel: the question takes the focus, then the answer does.
  await tabTo(page, page.getByRole('button', { name: 'Cancel booking' }), 10);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Yes, cancel my booking' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Cancel booking' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Yes, cancel my booking' })).toBeFocused();
  await page.keyboard.press('Enter');
  const result = page.getByTestId('cancel-result');
  await expect(result).toContainText('Your booking is cancelled');
  await expect(result).toBeFocused();
  await snap(page, 'keyboard-cancelled');
  expect(errors).toEqual([]);
});

test('a refused sign-in keeps the focus on the form: the message has it, and the button stays focusable', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  const submit = page.getByRole('button', { name: 'Sign in', exact: true });
  await submit.focus();
  await page.keyboard.press('Enter');
  const message = page.getByRole('alert');
  await expect(message).toHaveText("That email and password don't match an account.");
  await expect(message).toBeFocused();
  await expect(submit).not.toHaveAttribute('disabled');

  // On sign-up, a problem with a field takes the focus to that field.
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Your name').fill('Focus Check');
  await page.getByLabel('Email').fill('not an address');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('[data-field-error="email"]')).not.toBeEmpty();
  await expect(page.getByLabel('Email')).toBeFocused();
});

/** Presses Enter on `button` reached by Tab, then expects `then` to have the focus. */
async function press(page: Page, button: Locator, then: Locator) {
  await tabTo(page, button, 40);
  await page.keyboard.press('Enter');
  await expect(then).toBeFocused();
}

test('every action answers where the keyboard is: join, leave, decline, remove, cancel, and refused forms', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);

  // A refused course form: focus goes to the first field at fault.
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
  await admin.getByRole('link', { name: 'New course' }).click();
  await hydrated(admin);
  await admin.getByLabel('Title', { exact: true }).fill('Half a course');
  await admin.getByLabel('Title', { exact: true }).press('Enter');
  await expect(admin.locator(':focus')).toHaveAttribute('aria-invalid', 'true');

  // A free one-seat course, taken by someone.
  const title = `Knot Tying ${Date.now()}`;
  await publishedCourse(admin, {
    title, description: 'Bowline, clove hitch, sheet bend.', location: 'Harbour Hall, Kiel',
    seats: 1, price: '0', starts: '2031-05-03T10:00', ends: '2031-05-03T12:00',
  });
  const holder = await browser.newPage();
  await newMember(holder, 'knots-holder');
  await holder.goto('/courses');
  await holder.locator('.course-card', { hasText: title }).click();
  await hydrated(holder);
  await holder.getByTestId('book').click();
  await expect(holder).toHaveURL(/\/bookings\/\d+/);
  await holder.close();

  // Join by keyboard: the answer takes the focus; leave after being asked.
  await newMember(page, 'knots-waiter');
  await page.goto('/courses');
  await page.locator('.course-card', { hasText: title }).click();
  await hydrated(page);
  await press(page, page.getByTestId('join-waitlist'), page.getByTestId('joined-waitlist'));
  await press(page, page.getByRole('button', { name: 'Leave the waiting list' }), page.getByRole('button', { name: 'Yes, leave the list' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('left-waitlist')).toBeFocused();
  await press(page, page.getByTestId('join-waitlist'), page.getByTestId('joined-waitlist'));

  // The admin removes them from the list, then cancels the holder's booking.
  await admin.locator('tr', { hasText: title }).getByRole('link', { name: 'Roster' }).click();
  await hydrated(admin);
  await press(admin, admin.getByRole('button', { name: 'Remove', exact: true }), admin.getByRole('button', { name: 'Yes, remove' }));
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('waitlist-remove-result')).toBeFocused();
  // Taken off the list: on their next look they may join again.
  await page.reload();
  await hydrated(page);
  await press(page, page.getByTestId('join-waitlist'), page.getByTestId('joined-waitlist'));
  await admin.reload();
  await hydrated(admin);
  await press(admin, admin.getByTestId('roster').getByRole('button', { name: 'Cancel', exact: true }), admin.getByRole('button', { name: 'Confirm' }));
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('booking-cancel-result')).toBeFocused();
  await admin.close();

  // The seat is offered; "No thanks" asks, then answers.
  await page.goto('/bookings');
  await hydrated(page);
  await expect(page.getByTestId('offer')).toContainText(title);
  await press(page, page.getByRole('button', { name: 'No thanks' }), page.getByRole('button', { name: 'Yes, give the seat away' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('declined-offer')).toBeFocused();

  // A refused password change: focus on the current password.
  await page.goto('/account');
  await hydrated(page);
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('a brand new password');
  await page.getByLabel('New password').press('Enter');
  await expect(page.locator('[data-field-error="current_password"]')).not.toBeEmpty();
  await expect(page.getByLabel('Current password')).toBeFocused();
  expect(errors).toEqual([]);
});
