import { test, expect, Page } from '@playwright/test';
import { emailedLink, hydrated, newMember, snap, watchConsole, signInAsAdmin, publishedCourse } from './helpers';

// A full course's waiting list, end to end: a member joins, the holder
// cancels, the seat is offered to the member, who pays with 4242 and is
// booked.
const PASSWORD = 'correct horse battery';


async function fitsThePhone(page: Page, shot: string) {
  await page.setViewportSize({ width: 360, height: 740 });
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, `${page.url()} fits 360 px`).toBe(true);
  await snap(page, `phone-${shot}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await snap(page, `desktop-${shot}`);
}


test('a member joins the waiting list, a seat frees, and they pay for the offered seat', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);

  // A one-seat course.
  const admin = await browser.newPage();
  const title = `Wheel Throwing ${Date.now()}`;
  await publishedCourse(admin, {
    title,
    description: 'One wheel, one potter, one afternoon.',
    location: 'Clay Studio, Utrecht',
    seats: 1,
    starts: '2031-09-06T14:00',
    ends: '2031-09-06T17:00',
  });

  // Someone takes the seat and pays.
  const holder = await browser.newPage();
  await newMember(holder, 'holder');
  await holder.goto('/courses');
  await holder.locator('.course-card', { hasText: title }).click();
  await hydrated(holder);
  await holder.getByTestId('book').click();
  await expect(holder).toHaveURL(/\/c\/pay\/cs_/);
  await holder.getByLabel('Card number').fill('4242 4242 4242 4242');
  await holder.getByRole('button', { name: 'Pay' }).click();
  await expect(holder.getByTestId('confirmation')).toContainText("You're booked!");

  // A newcomer finds it full and joins the waiting list in one go: an
  // account, the emailed link, and they are on the list.
  await page.goto('/courses');
  await page.locator('.course-card', { hasText: title }).click();
  await hydrated(page);
  await expect(page.getByTestId('booking-status')).toHaveText('This course is full.');
  await expect(page.getByTestId('book')).toHaveCount(0);
  await page.getByTestId('join-waitlist').click();
  await expect(page).toHaveURL(/\/signup\?next=/);
  await hydrated(page);
  await expect(page.getByTestId('youre-booking')).toContainText('waiting list');
  const waiter = `waiter.${Date.now()}@example.com`;
  await page.getByLabel('Your name').fill('Wanda Waiter');
  await page.getByLabel('Email').fill(waiter);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signup-sent')).toBeVisible();
  await expect.poll(() => emailedLink(waiter, 'confirm_email', '/confirm-email'), { timeout: 15_000 }).toBeTruthy();
  await page.goto(emailedLink(waiter, 'confirm_email', '/confirm-email')!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page.getByTestId('waitlist-position')).toHaveText("You're next on the waiting list.");
  await fitsThePhone(page, 'waitlist-joined');
  await page.goto('/courses');
  await expect(page.locator('.course-card', { hasText: title })).toContainText('Full · 1 waiting');
  await page.goto('/bookings');
  await expect(page.getByTestId('waiting')).toContainText("You're next in line.");

  // The holder cancels: the seat is offered to the member.
  await holder.goto('/bookings');
  await holder.locator('.booking', { hasText: title }).getByRole('link', { name: title }).click();
  await hydrated(holder);
  await holder.getByRole('button', { name: 'Cancel booking' }).click();
  await holder.getByRole('button', { name: 'Yes, cancel my booking' }).click();
  await expect(holder.getByTestId('cancel-result')).toContainText('Your booking is cancelled');
  await holder.close();

  await page.goto('/bookings');
  await hydrated(page);
  const offer = page.getByTestId('offer');
  await expect(offer).toContainText(title);
  // The deadline in the member's own time (the suite's browsers are in Berlin).
  await expect(page.getByTestId('offer-deadline')).toContainText("It's yours until");
  await expect(page.getByTestId('offer-deadline').locator('time')).not.toContainText('UTC');
  await fitsThePhone(page, 'waitlist-offer');
  await offer.getByTestId('pay-offer').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('€20.00').first()).toBeVisible();
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");

  await page.goto('/bookings');
  const booked = page.locator('.booking', { hasText: title });
  await expect(booked.getByTestId('status')).toHaveText('Confirmed');
  await expect(page.getByTestId('waiting-list')).toHaveCount(0);
  await fitsThePhone(page, 'waitlist-booked');

  // The admin sees the history on the roster.
  await admin.goto('/admin/courses');
  await admin.locator('tr', { hasText: title }).getByRole('link', { name: 'Roster' }).click();
  await expect(admin.getByTestId('waitlist-table')).toContainText('Accepted');
  await snap(admin, 'desktop-waitlist-roster');
  await admin.close();
  expect(errors).toEqual([]);
});

test('a waiting place for 2 is offered 2 seats together', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);

  // A two-seat course, booked out by one pair.
  const admin = await browser.newPage();
  const title = `Tandem Kayaking ${Date.now()}`;
  await publishedCourse(admin, {
    title,
    description: 'Two to a boat, one afternoon on the lake.',
    location: 'Boathouse, Lake Constance',
    seats: 2,
    perBooking: 2,
    starts: '2031-09-13T14:00',
    ends: '2031-09-13T17:00',
  });

  const holder = await browser.newPage();
  await newMember(holder, 'pair');
  await holder.goto('/courses');
  await holder.locator('.course-card', { hasText: title }).click();
  await hydrated(holder);
  await holder.getByTestId('seats').selectOption('2');
  await holder.getByTestId('book').click();
  await expect(holder).toHaveURL(/\/c\/pay\/cs_/);
  await holder.getByLabel('Card number').fill('4242 4242 4242 4242');
  await holder.getByRole('button', { name: 'Pay' }).click();
  await expect(holder.getByTestId('confirmation')).toContainText("You're booked!");

  // Another pair waits for two seats together.
  await newMember(page, 'second-pair');
  await page.goto('/courses');
  await page.locator('.course-card', { hasText: title }).click();
  await hydrated(page);
  await expect(page.getByTestId('booking-status')).toHaveText('This course is full.');
  await page.getByLabel('Seats wanted').selectOption('2');
  await page.getByTestId('join-waitlist').click();
  await expect(page.getByTestId('waitlist-position')).toHaveText("You're next on the waiting list, for 2 seats.");
  await fitsThePhone(page, 'waitlist-pair-joined');

  // The first pair cancels: both seats are offered to the second, together.
  await holder.goto('/bookings');
  await holder.locator('.booking', { hasText: title }).getByRole('link', { name: title }).click();
  await hydrated(holder);
  await holder.getByRole('button', { name: 'Cancel booking' }).click();
  await holder.getByRole('button', { name: 'Yes, cancel my booking' }).click();
  await expect(holder.getByTestId('cancel-result')).toContainText('Your booking is cancelled');
  await holder.close();

  await page.goto('/bookings');
  await hydrated(page);
  const offer = page.getByTestId('offer');
  await expect(offer).toContainText(title);
  await expect(page.getByTestId('offer-deadline')).toContainText("2 seats have come free for you. They're yours until");
  await expect(offer.getByTestId('pay-offer')).toHaveText('Pay €40.00');
  await fitsThePhone(page, 'waitlist-pair-offer');
  await offer.getByTestId('pay-offer').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('€40.00').first()).toBeVisible();
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");

  await page.goto('/bookings');
  const booked = page.locator('.booking', { hasText: title });
  await expect(booked).toContainText('2 seats');
  await expect(booked.getByTestId('status')).toHaveText('Confirmed');

  await admin.goto('/admin/courses');
  await admin.locator('tr', { hasText: title }).getByRole('link', { name: 'Roster' }).click();
  const line = admin.getByTestId('waitlist-row');
  await expect(line).toContainText('Accepted');
  await expect(line.getByTestId('waitlist-seats')).toHaveText('2');
  await snap(admin, 'desktop-waitlist-pair-roster');
  await admin.close();
  expect(errors).toEqual([]);
});
