import { test, expect } from '@playwright/test';
import { hydrated, newMember, publishedCourse, signInAsAdmin, snap, watchConsole } from './helpers';

// An admin makes a code; a member applies it on the course page, sees the
// lower price there and on Stripe's page, pays it, and the booking says so.
test('an admin makes a voucher code, and a member pays the discounted price', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  const stamp = Date.now();
  const title = `Bookbinding ${stamp}`;
  const code = `SPRING${stamp % 100000}`;

  const admin = await browser.newPage();
  await publishedCourse(admin, {
    title, description: 'Fold, sew and case a notebook.', location: 'Atelier 3, Gent',
    seats: 12, perBooking: 3, price: '49', starts: '2031-04-12T10:00', ends: '2031-04-12T16:00',
  });
  await admin.getByRole('link', { name: 'Vouchers' }).click();
  await expect(admin).toHaveURL(/\/admin\/vouchers$/);
  await hydrated(admin);
  await admin.getByRole('link', { name: 'New voucher' }).click();
  await hydrated(admin);
  await admin.getByLabel('Code').fill(code.toLowerCase());
  await admin.getByLabel('A percentage of the booking').check();
  await admin.getByLabel('Percent off').fill('20');
  await admin.getByLabel('Bookings that may use it').fill('5');
  await admin.getByLabel('Note').fill('Spring newsletter');
  await admin.getByRole('button', { name: 'Create voucher' }).click();
  await expect(admin).toHaveURL(/\/admin\/vouchers$/);
  const card = admin.getByTestId('voucher').filter({ hasText: code });
  await expect(card).toContainText('20% off · 0 of 5 used');
  await snap(admin, 'vouchers-admin-desktop');

  // The member applies it on the course page.
  for (const [label, width] of [['phone', 360], ['desktop', 1280]] as const) {
    await page.setViewportSize({ width, height: 800 });
    if (label === 'phone') await newMember(page, 'voucher');
    await page.goto('/courses');
    await page.locator('.course-card', { hasText: title }).click();
    await hydrated(page);
    await page.getByLabel('Seats').selectOption('3');
    await expect(page.getByTestId('book')).toHaveText('Book 3 seats — €147.00');
    await page.getByText('Have a voucher code?').click();
    await page.getByLabel('Voucher code').fill('nosuchcode');
    await page.getByTestId('apply-voucher').click();
    await expect(page.locator('[data-field-error="voucher"]')).toHaveText("There's no voucher with that code. Check it for typos.");
    await page.getByLabel('Voucher code').fill(code.toLowerCase());
    await page.getByTestId('apply-voucher').click();
    await expect(page.getByTestId('voucher-applied')).toHaveText(`${code}: €29.40 off. You pay €117.60.`);
    await expect(page.getByTestId('book')).toHaveText('Book 3 seats — €117.60');
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits, `the course page fits ${width} px`).toBe(true);
    await snap(page, `vouchers-course-${label}`);
  }

  // Stripe's page shows the discount as Stripe does, and charges the rest.
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('−€29.40')).toBeVisible();
  await expect(page.getByText('€117.60').first()).toBeVisible();
  await snap(page, 'vouchers-checkout-desktop');
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");
  await expect(page.getByTestId('amount-paid')).toHaveText('€117.60');

  await page.getByRole('link', { name: 'See my bookings' }).click();
  const booked = page.locator('.booking', { hasText: title });
  await expect(booked).toContainText('€117.60 (€29.40 off with a voucher)');
  await booked.getByRole('link', { name: title }).click();
  await expect(page.getByTestId('discount')).toHaveText('€29.40 off');
  await page.setViewportSize({ width: 360, height: 800 });
  await snap(page, 'vouchers-booking-phone');

  // The admin sees who used it.
  await admin.reload();
  await expect(admin.getByTestId('voucher').filter({ hasText: code })).toContainText('1 of 5 used');
  await admin.getByTestId('voucher').filter({ hasText: code }).getByRole('link', { name: 'Edit and see who used it' }).click();
  await expect(admin.getByTestId('voucher-uses')).toContainText('Member voucher');
  await expect(admin.getByTestId('voucher-uses')).toContainText('€29.40 off €147.00, paid €117.60');
  await snap(admin, 'vouchers-uses-desktop');
  expect(errors).toEqual([]);
});
