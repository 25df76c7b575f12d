import { test, expect, Page } from '@playwright/test';
import { hydrated, newMember, snap, watchConsole, signInAsAdmin } from './helpers';

for (const [label, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['desktop', { width: 1280, height: 800 }],
] as const) {
  test(`a member books three seats in one booking and pays once (${label})`, async ({ page, browser }) => {
    const errors = watchConsole(page);
    await page.setViewportSize(viewport);
    await newMember(page, `group-${label}`);
    await page.goto('/courses');
    await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).click();
    // The catalog was hydrated already: wait for the course's own address.
    await expect(page).toHaveURL(/\/courses\/\d+$/);
    await hydrated(page);
    const courseId = new URL(page.url()).pathname.split('/').pop();

    // The price follows the seat count before anything is held.
    await expect(page.getByTestId('book')).toHaveText('Book — €49.00');
    await page.getByLabel('Seats').selectOption('3');
    await expect(page.getByTestId('book')).toHaveText('Book 3 seats — €147.00');
    // The first seat is the member's unless named; the others are named here.
    await page.getByLabel('Seat 2: name').fill('Grace Hopper');
    await page.getByLabel('Seat 3: name').fill('Alan Turing');
    await snap(page, `seats-course-${label}`);
    await page.getByTestId('book').click();

    // One Checkout line of three seats.
    await expect(page).toHaveURL(/\/c\/pay\/cs_/);
    await expect(page.getByText('€147.00').first()).toBeVisible();
    await snap(page, `seats-checkout-${label}`);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('confirmation')).toContainText("You're booked!");
    await expect(page.getByTestId('amount-paid')).toHaveText('€147.00');

    await page.getByRole('link', { name: 'See my bookings' }).click();
    const card = page.locator('.booking', { hasText: 'Sourdough Bread Masterclass' });
    await expect(card).toContainText('3 seats');
    await expect(card.getByTestId('status')).toHaveText('Confirmed');
    await snap(page, `seats-dashboard-${label}`);
    await card.getByRole('link', { name: 'Sourdough Bread Masterclass' }).click();
    await expect(page.getByTestId('seats')).toHaveText('3');
    await expect(page.getByTestId('attendee-name')).toHaveText([`Member group-${label}`, 'Grace Hopper', 'Alan Turing']);
    await snap(page, `seats-booking-${label}`);

    // Grace cannot come: her seat alone is cancelled and its share refunded.
    const grace = page.getByTestId('attendee').filter({ hasText: 'Grace Hopper' });
    await grace.getByText('Cancel this seat').click();
    await grace.getByTestId('cancel-seat').click();
    await expect(page.getByTestId('seat-cancel-result')).toContainText('€49.00 is on its way back to you');
    await expect(page.getByTestId('seats')).toHaveText('2');
    await expect(page.getByTestId('status')).toHaveText('Confirmed');
    await snap(page, `seats-one-cancelled-${label}`);

    // The roster counts the group's three seats.
    const admin = await browser.newPage({ viewport });
    await signInAsAdmin(admin);
    await admin.goto(`/admin/courses/${courseId}/roster`);
    await expect(admin.getByTestId('roster')).toBeVisible();
    await expect(admin.getByTestId('roster')).toContainText('Alan Turing');
    await expect(admin.getByTestId('roster')).not.toContainText('Grace Hopper');
    await snap(admin, `seats-roster-${label}`);
    await admin.close();
    expect(errors).toEqual([]);
  });
}
