import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, newMember, publishedCourse, snap, watchConsole } from './helpers';

// An admin adds another date of a course; a member who booked the first
// moves to it from their booking's page, and the page and the calendar
// file follow.
test('a member moves a booking to another date of the course, and the booking and calendar follow', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  const title = `Calligraphy ${Date.now()}`;
  const admin = await browser.newPage();
  await publishedCourse(admin, {
    title, description: 'Brush, ink and paper.', location: 'Atelier 2, Delft',
    seats: 8, price: '0', starts: '2031-05-02T10:00', ends: '2031-05-02T13:00',
  });
  await admin.locator('tr', { hasText: title }).getByRole('link', { name: title }).click();
  await hydrated(admin);
  await admin.getByRole('link', { name: 'Add another date' }).click();
  await hydrated(admin);
  await expect(admin.getByLabel('Meeting 1 starts')).toHaveValue('2031-05-09T10:00');
  await admin.getByLabel('Meeting 1 starts').fill('2031-06-06T10:00');
  await admin.getByLabel('Meeting 1 ends').fill('2031-06-06T13:00');
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin).toHaveURL(/\/admin\/courses$/);
  await admin.locator('tr', { hasText: title }).filter({ hasText: 'Draft' }).getByRole('button', { name: 'Publish' }).click();
  await expect(admin.locator('tr', { hasText: title }).filter({ hasText: 'Published' })).toHaveCount(2);
  await admin.close();

  for (const [label, width] of [['phone', 360], ['desktop', 1280]] as const) {
    await page.setViewportSize({ width, height: 800 });
    if (label === 'phone') await newMember(page, 'mover');
    await page.goto('/courses');
    await page.locator('.course-card', { hasText: title }).filter({ hasText: /Fri,? 2 May 2031/ }).click();
    await expect(page).toHaveURL(/\/courses\/\d+$/);
    await hydrated(page);
    await expect(page.getByTestId('other-runs')).toContainText(/Fri,? 6 Jun 2031, 10:00 CEST/);
    await page.getByTestId('book').click();
    await expect(page).toHaveURL(/\/bookings\/\d+/);
    await hydrated(page);

    // Move, asked first; the answer takes the focus.
    const dates = page.getByTestId('other-dates');
    await expect(dates).toContainText(/Fri,? 6 Jun 2031, 10:00 CEST/);
    await dates.getByRole('button', { name: 'Move here' }).click();
    await expect(page.getByTestId('move-booking')).toBeFocused();
    await snap(page, `moves-ask-${label}`);
    await page.getByTestId('move-booking').click();
    const answer = page.getByRole('status').filter({ hasText: 'Moved.' });
    await expect(answer).toBeFocused();
    await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(/Fri,? 6 Jun 2031, 10:00 CEST/);
    await expect(page.getByTestId('moves')).toContainText(/Moved from Fri,? 2 May 2031, 10:00 CEST/);
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits, `the booking page fits ${width} px`).toBe(true);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await snap(page, `moves-moved-${label}`);

    // The calendar file: the same entry, a later version, the new date.
    const href = await page.getByTestId('add-to-calendar').getAttribute('href');
    const ics = await (await page.request.get(href!)).text();
    expect(ics).toContain('SEQUENCE:1\r\n');
    expect(ics).toContain('DTSTART:20310606T080000Z\r\n');
  }
  expect(errors).toEqual([]);
});

// Another date that costs more: the member pays the difference on
// Stripe's page and the booking moves once it is paid; the admin can move
// it back from the roster, waiving the difference.
test('a member pays the difference to move to a dearer date; an admin moves it back from the roster', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const title = `Woodturning ${Date.now()}`;
  // A context of its own: axe checks the admin's page too.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.setViewportSize({ width: 1280, height: 900 });
  await publishedCourse(admin, {
    title, description: 'Lathe, chisels and a bowl to take home.', location: 'Workshop 3, Utrecht',
    seats: 6, price: '40', starts: '2031-05-02T10:00', ends: '2031-05-02T13:00',
  });
  await admin.locator('tr', { hasText: title }).getByRole('link', { name: title }).click();
  await hydrated(admin);
  await admin.getByRole('link', { name: 'Add another date' }).click();
  await hydrated(admin);
  await admin.getByLabel('Meeting 1 starts').fill('2031-06-06T10:00');
  await admin.getByLabel('Meeting 1 ends').fill('2031-06-06T13:00');
  await admin.getByLabel('Price').fill('70');
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin).toHaveURL(/\/admin\/courses$/);
  await admin.locator('tr', { hasText: title }).filter({ hasText: 'Draft' }).getByRole('button', { name: 'Publish' }).click();
  await expect(admin.locator('tr', { hasText: title }).filter({ hasText: 'Published' })).toHaveCount(2);

  await page.setViewportSize({ width: 360, height: 800 });
  await newMember(page, 'dearer');
  await page.goto('/courses');
  await page.locator('.course-card', { hasText: title }).filter({ hasText: /Fri,? 2 May 2031/ }).click();
  await hydrated(page);
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page.getByTestId('confirmation')).toContainText("You're booked!");
  const calendar = await page.getByTestId('add-to-calendar').getAttribute('href');
  const booking = calendar!.replace(/\/calendar\.ics$/, '');
  await page.goto(booking);
  await hydrated(page);

  // The dearer date says what it costs; paying it is the way there.
  const dates = page.getByTestId('other-dates');
  await expect(dates.getByTestId('move-costs-more')).toHaveText('Costs more: €30.00 to pay before moving');
  await snap(page, 'moves-dearer-phone');
  await dates.getByRole('button', { name: 'Pay €30.00 and move' }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('€30.00').first()).toBeVisible();
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay' }).click();
  await expect(page).toHaveURL(/\/payment\/success\?session_id=cs_/);
  await expect(page.getByTestId('moved')).toContainText('Your booking has moved');
  await expect(page.getByTestId('moved')).toContainText('You paid €30.00 for the difference.');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await snap(page, 'moves-dearer-paid-phone');
  await page.getByRole('link', { name: 'See the booking' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(/Fri,? 6 Jun 2031, 10:00 CEST/);

  // The admin moves it back from the new date's roster, waiving the
  // difference (nothing goes back).
  await admin.goto('/admin/courses');
  await admin.locator('tr', { hasText: title }).filter({ hasText: '6 Jun 2031' }).getByRole('link', { name: 'Roster' }).click();
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Move…' }).click();
  await admin.getByLabel('Waive the price difference').check();
  await snap(admin, 'roster-move-desktop');
  const adminAxe = await new AxeBuilder({ page: admin }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(adminAxe.violations.map((v) => v.id)).toEqual([]);
  await admin.getByTestId('admin-move').click();
  await expect(admin.getByTestId('booking-move-result')).toContainText('Booking moved');
  await expect(admin.getByText('Nobody is booked.')).toBeVisible();
  await adminContext.close();

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(/Fri,? 2 May 2031, 10:00 CEST/);
  expect(errors).toEqual([]);
});

// The provider cancels a date and offers another instead of refunds: the
// member sees it on their bookings, chooses on the booking's page, and the
// booking moves.
test('a cancelled date offers another; the member chooses to move there', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const title = `Bookbinding ${Date.now()}`;
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.setViewportSize({ width: 1280, height: 900 });
  await publishedCourse(admin, {
    title, description: 'Thread, paper and a book of your own.', location: 'Bindery, Leiden',
    seats: 6, price: '0', starts: '2031-05-02T10:00', ends: '2031-05-02T13:00',
  });
  await admin.locator('tr', { hasText: title }).getByRole('link', { name: title }).click();
  await hydrated(admin);
  await admin.getByRole('link', { name: 'Add another date' }).click();
  await hydrated(admin);
  await admin.getByLabel('Meeting 1 starts').fill('2031-06-06T10:00');
  await admin.getByLabel('Meeting 1 ends').fill('2031-06-06T13:00');
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin).toHaveURL(/\/admin\/courses$/);
  await admin.locator('tr', { hasText: title }).filter({ hasText: 'Draft' }).getByRole('button', { name: 'Publish' }).click();
  await expect(admin.locator('tr', { hasText: title }).filter({ hasText: 'Published' })).toHaveCount(2);

  await page.setViewportSize({ width: 360, height: 800 });
  await newMember(page, 'offered');
  await page.goto('/courses');
  await page.locator('.course-card', { hasText: title }).filter({ hasText: /Fri,? 2 May 2031/ }).click();
  await hydrated(page);
  await page.getByTestId('book').click();
  await expect(page).toHaveURL(/\/bookings\/\d+/);
  const booking = new URL(page.url()).pathname;

  // The admin cancels the first date, offering the second.
  await admin.goto('/admin/courses');
  await admin.locator('tr', { hasText: title }).filter({ hasText: '2 May 2031' }).getByRole('link', { name: 'Roster' }).click();
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Cancel course…' }).click();
  const offer = admin.getByLabel('Instead of refunding, offer another date');
  const june = offer.locator('option', { hasText: /Fri,? 6 Jun 2031/ });
  await expect(june).toContainText('Free · 6 seats left');
  await offer.selectOption((await june.getAttribute('value'))!);
  await snap(admin, 'cancel-offer-desktop');
  const adminAxe = await new AxeBuilder({ page: admin }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(adminAxe.violations.map((v) => v.id)).toEqual([]);
  await admin.getByRole('button', { name: /Yes, cancel the course/ }).click();
  await expect(admin.getByTestId('course-cancel-result')).toContainText('1 booking offered the other date');
  await expect(admin.getByTestId('offers-open')).toContainText('1 booking still on this date has been offered another date');
  await adminContext.close();

  for (const [label, width] of [['phone', 360], ['desktop', 1280]] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/bookings');
    await hydrated(page);
    await expect(page.locator('.booking', { hasText: title })).toContainText('Date cancelled — please choose');
    await page.goto(booking);
    await hydrated(page);
    const offer = page.getByTestId('date-cancelled');
    await expect(offer).toContainText('This date has been cancelled');
    await expect(offer).toContainText(/Fri,? 6 Jun 2031, 10:00 CEST/);
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits, `the booking page fits ${width} px`).toBe(true);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await snap(page, `date-cancelled-${label}`);
  }
  await page.getByTestId('take-offer').click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(/Fri,? 6 Jun 2031, 10:00 CEST/);
  await expect(page.getByTestId('date-cancelled')).toHaveCount(0);
  expect(errors).toEqual([]);
});
