import { test, expect, Page } from '@playwright/test';
import { emailedLink, hydrated, newMember, snap, waitForHydration, watchConsole, signInAsAdmin } from './helpers';

test('an admin creates and publishes a course, and a visitor sees it in the catalog', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await signInAsAdmin(page);
  await expect(page.getByTestId('admin-courses')).toContainText('Sourdough Bread Masterclass');
  await waitForHydration(page);
  // A course that is over says so, not "Published".
  await expect(page.locator('tr', { hasText: 'Public Speaking Bootcamp' })).toContainText('Ended');
  await snap(page, 'admin-courses');

  await page.getByRole('link', { name: 'New course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New course');
  const title = `Letterpress Printing ${Date.now()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill('Set type by hand and print a poster on a 1950s proofing press.');
  await page.getByLabel('Location').fill('Print Shop, Leiden');
  await page.getByLabel('Price').fill('85');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Seats', { exact: true }).fill('7');
  // A new course starts in the admin's own zone.
  await expect(page.getByLabel('Venue time zone')).toHaveValue('Europe/Berlin');
  await page.getByLabel('Meeting 1 starts').fill('2031-06-14T10:00');
  await page.getByLabel('Meeting 1 ends').fill('2031-06-14T09:00');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page.locator('[data-field-error="form[meetings][0][ends_at]"]')).toHaveText('The meeting must end after it starts.');
  await expect(page.getByLabel('Meeting 1 ends')).toBeFocused();
  await snap(page, 'admin-course-form-error');
  await page.getByLabel('Meeting 1 ends').fill('2031-06-14T16:00');
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
  // Entered as 10:00 at the venue (Europe/Berlin), shown as 10:00 with its zone.
  await expect(visitor.locator('time').first()).toContainText('10:00 CEST');
  await visitor.close();
  expect(errors).toEqual([]);
});

test('an admin adds a course that meets three times and another date of it, and a visitor sees both', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'New course' }).click();
  await hydrated(page);
  const title = `Wheel Throwing ${Date.now()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill('Three Tuesday evenings at the wheel.');
  await page.getByLabel('Location').fill('Clay Collective, Utrecht');
  await page.getByLabel('Price').fill('150');
  await page.getByLabel('Seats', { exact: true }).fill('8');
  await page.getByLabel('Venue time zone').fill('Europe/Amsterdam');
  await page.getByLabel('Meeting 1 starts').fill('2031-03-18T19:00');
  await page.getByLabel('Meeting 1 ends').fill('2031-03-18T21:30');
  // "Add a meeting" fills the next row a week on; twice makes three.
  await page.getByRole('button', { name: 'Add a meeting' }).click();
  await expect(page.getByLabel('Meeting 2 starts')).toHaveValue('2031-03-25T19:00');
  await page.getByRole('button', { name: 'Add a meeting' }).click();
  await expect(page.getByLabel('Meeting 3 ends')).toHaveValue('2031-04-01T21:30');
  await page.getByLabel('Meeting 3 place, if different').fill('Kiln room, Oudegracht 12');
  await snap(page, 'admin-course-meetings');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);
  const row = page.locator('tr', { hasText: title });
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(row).toContainText('Published');

  // Editing shows the three, and a row to spare.
  await row.getByRole('link', { name: title }).click();
  await hydrated(page);
  await expect(page.getByTestId('meeting-row')).toHaveCount(4);
  await expect(page.getByLabel('Meeting 3 starts')).toHaveValue('2031-04-01T19:00');

  // Another date: the same course, its meetings moved on three weeks.
  await page.getByRole('link', { name: 'Add another date' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Another date for ${title}`);
  await expect(page.getByLabel('Meeting 1 starts')).toHaveValue('2031-04-08T19:00');
  await expect(page.getByLabel('Meeting 3 place, if different')).toHaveValue('Kiln room, Oudegracht 12');
  await page.getByLabel('Seats', { exact: true }).fill('6');
  await snap(page, 'admin-course-another-date');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);
  const second = page.locator('tr', { hasText: title }).filter({ hasText: 'Draft' });
  await second.getByRole('button', { name: 'Publish' }).click();
  await expect(page.locator('tr', { hasText: title }).filter({ hasText: 'Published' })).toHaveCount(2);

  const visitor = await browser.newPage();
  await visitor.goto('/courses');
  const card = visitor.locator('.course-card', { hasText: title }).first();
  await expect(card).toContainText(/3 meetings from Tue,? 18 Mar 2031, 19:00 CET/);
  await expect(card.getByTestId('more-dates')).toHaveText('Also on 1 other date');
  await expect(visitor.locator('.course-card', { hasText: title })).toHaveCount(1);
  await card.click();
  // Across the change to summer time, each at the venue's clock.
  await expect(visitor.getByTestId('meetings').locator('li')).toHaveText([
    /^Tue,? 18 Mar 2031, 19:00–21:30 CET$/,
    /^Tue,? 25 Mar 2031, 19:00–21:30 CET$/,
    /^Tue,? 1 Apr 2031, 19:00–21:30 CEST · Kiln room, Oudegracht 12$/,
  ]);
  // The other date, with its own seats.
  await expect(visitor.getByTestId('other-runs')).toContainText(/Tue,? 8 Apr 2031, 19:00 CEST/);
  await expect(visitor.getByTestId('other-runs')).toContainText('6 seats left');
  await snap(visitor, 'course-meetings-and-dates');
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
  // Then one attendance column per meeting (the sample course meets once).
  expect((await csv.text()).split('\r\n')[0]).toMatch(/^reference,name,email,status,seats,amount,discount,currency,booked_at_utc,attendee,attendee_email,seat_share,attended_[0-9TZ:-]+$/);
});

test('members are turned away from admin pages', async ({ page }) => {
  await newMember(page, 'member', { name: 'Just A Member' });
  const res = await page.goto('/admin/courses');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is for administrators.');
});

test('an admin cancels a course: everyone is refunded and the catalog shows it cancelled', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await signInAsAdmin(page);
  // A course of its own, so other tests keep theirs.
  await page.getByRole('link', { name: 'New course' }).click();
  const title = `Glassblowing ${Date.now()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill('Gather, shape and blow a glass bowl.');
  await page.getByLabel('Location').fill('Hot Shop, Delft');
  await page.getByLabel('Price').fill('120');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Seats', { exact: true }).fill('4');
  await page.getByLabel('Meeting 1 starts').fill('2031-09-20T10:00');
  await page.getByLabel('Meeting 1 ends').fill('2031-09-20T16:00');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(/\/admin\/courses$/);
  const row = page.locator('tr', { hasText: title });
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(row).toContainText('Published');

  // A member books and pays for it in their own browser.
  const member = await browser.newPage();
  await newMember(member, 'glass', { name: 'Glass Fan' });
  await member.goto('/courses');
  await member.getByRole('link', { name: new RegExp(title) }).click();
  await hydrated(member);
  await member.getByTestId('book').click();
  await expect(member).toHaveURL(/\/c\/pay\/cs_/);
  await member.getByLabel('Card number').fill('4242 4242 4242 4242');
  await member.getByRole('button', { name: 'Pay' }).click();
  await expect(member.getByTestId('confirmation')).toContainText("You're booked!");

  // The admin cancels the course from its roster.
  await page.goto('/admin/courses');
  await page.locator('tr', { hasText: title }).getByRole('link', { name: 'Roster' }).click();
  await expect(page.getByTestId('roster').locator('tbody tr')).toHaveCount(1);
  await hydrated(page);
  await expect(page.getByTestId('cancel-course')).toContainText('refunds the 1 paid one in full');
  await page.getByRole('button', { name: 'Cancel course…' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the course and refund everyone' }).click();
  await expect(page.getByTestId('course-cancel-result')).toContainText('1 booking cancelled and emailed; 1 refund requested');
  await expect(page.getByTestId('course-cancelled')).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('refund-state')).toHaveText('Refunded', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await snap(page, 'admin-course-cancelled');

  // The member sees it refunded; the catalog shows the course as cancelled.
  await expect(async () => {
    await member.goto('/bookings');
    await expect(member.locator('.booking', { hasText: title }).getByTestId('status')).toHaveText('Refunded', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await member.goto('/courses');
  await member.getByRole('link', { name: new RegExp(title) }).click();
  await expect(member.getByText('Cancelled').first()).toBeVisible();
  await snap(member, 'course-cancelled-public');
  await member.close();
  expect(errors).toEqual([]);
});

test('an admin finds a member, blocks and unblocks them, and invites another admin', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const member = await browser.newPage();
  const email = await newMember(member, 'blockme', { name: 'Blocked Bea' });

  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page).toHaveURL(/\/admin\/people$/);
  await page.getByLabel('Search by name or email').fill('blockme');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('people')).toContainText(email);
  await page.getByRole('link', { name: 'Blocked Bea' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Block this member' }).click();
  await expect(page.getByText(`${email} · Blocked`)).toBeVisible();
  await snap(page, 'admin-person-blocked');

  // Their open page is signed out at its next request.
  await member.goto('/bookings');
  await expect(member).toHaveURL(/\/login/);
  await page.getByRole('button', { name: 'Unblock' }).click();
  await expect(page.getByText(`${email} · Member`)).toBeVisible();

  // An invitation: a link that sets a password and signs in as an admin.
  await page.goto('/admin/people');
  await hydrated(page);
  const invited = `invited.${Date.now()}@example.com`;
  await page.getByLabel('Their name').fill('Ida Invited');
  await page.getByLabel('Their email').fill(invited);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Invitation sent.')).toBeVisible();
  await expect.poll(() => emailedLink(invited, 'admin_invite', '/accept-invite'), { timeout: 15_000 }).toBeTruthy();
  const guest = await browser.newPage();
  await guest.goto(emailedLink(invited, 'admin_invite', '/accept-invite')!);
  await hydrated(guest);
  await snap(guest, 'accept-invite');
  await guest.getByLabel('Password').fill('a long admin password');
  await guest.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(guest).toHaveURL(/\/admin\/courses/);
  await expect(guest.getByTestId('signed-in-as')).toHaveText('Ida Invited');
  expect(errors).toEqual([]);
});
