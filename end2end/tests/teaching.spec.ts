import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { emailedLink, hydrated, newMember, publishedCourse, signInAsAdmin, snap, watchConsole } from './helpers';

/** `at` as the course form's local time in Berlin (the suite's zone): `2026-12-07T14:05`. */
function berlin(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
}

// An admin invites an instructor and assigns them; the instructor opens
// their list at the door on a phone and marks two present and one absent;
// the admin's roster shows it.
test('an invited instructor marks attendance at the door on a phone, and the roster shows it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const title = `Door pottery ${stamp}`;
  const teacher = `teach.${stamp}@example.com`;
  const tia = `Tia ${stamp % 1_000_000}`;
  const start = new Date(Date.now() + 2 * 3600_000);
  const admin = await browser.newPage();
  const adminErrors = watchConsole(admin);
  await publishedCourse(admin, {
    title, description: 'Throwing on the wheel.', location: 'Studio 4, Utrecht',
    seats: 6, perBooking: 3, price: '0', starts: berlin(start), ends: berlin(new Date(start.getTime() + 2 * 3600_000)),
  });

  // Three seats in one booking: the member and two guests.
  // A context of its own: axe runs on its pages.
  const member = await (await browser.newContext()).newPage();
  await newMember(member, 'door', { name: 'Ada Lovelace' });
  await member.goto('/courses?q=' + encodeURIComponent(title));
  await member.locator('.course-card', { hasText: title }).click();
  await expect(member).toHaveURL(/\/courses\/\d+$/);
  await hydrated(member);
  const courseId = new URL(member.url()).pathname.split('/').pop();
  await member.getByLabel('Seats').selectOption('3');
  await member.getByLabel('Seat 2: name').fill('Grace Hopper');
  await member.getByLabel('Seat 3: name').fill('Alan Turing');
  await member.getByTestId('book').click();
  await expect(member).toHaveURL(/\/bookings\/\d+/);
  const bookingUrl = member.url();

  // The invitation.
  await admin.goto('/admin/people');
  await hydrated(admin);
  const invite = admin.getByTestId('invite-instructor');
  await invite.getByLabel("Instructor's name").fill(tia);
  await invite.getByLabel("Instructor's email").fill(teacher);
  await invite.getByRole('button', { name: 'Invite to teach' }).click();
  await expect(admin.getByText('Invitation to teach sent.')).toBeVisible();
  await expect.poll(() => emailedLink(teacher, 'admin_invite', '/accept-invite'), { timeout: 15_000 }).toBeTruthy();

  await page.setViewportSize({ width: 360, height: 800 });
  const errors = watchConsole(page);
  await page.goto(emailedLink(teacher, 'admin_invite', '/accept-invite')!);
  await hydrated(page);
  await page.getByLabel('Password').fill('a long teaching password');
  await page.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(page).toHaveURL(/\/teaching/);
  await expect(page.getByText('No courses yet')).toBeVisible();

  // The admin assigns them on the course's page.
  await admin.goto(`/admin/courses/${courseId}`);
  await hydrated(admin);
  await admin.getByTestId('instructors').getByRole('button', { name: `Assign ${tia}` }).click();
  await expect(admin.getByTestId('instructors')).toContainText(`${tia} · teaches this course`);
  await snap(admin, 'teaching-assign');

  // On the phone: their course, then its list at the door.
  await page.goto('/teaching');
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Teaching' })).toBeVisible();
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/teaching/${courseId}`));
  await hydrated(page);
  // By the seat's own name: a guest's line also says who booked it.
  const seat = (name: string) => page.getByTestId('seat').filter({ has: page.getByTestId('seat-name').getByText(name, { exact: true }) });
  await expect(page.getByTestId('seat')).toHaveCount(3);
  await snap(page, 'teaching-door-before');
  for (const name of ['Ada Lovelace', 'Grace Hopper']) {
    await seat(name).getByRole('button', { name: 'Present' }).click();
    await expect(seat(name).getByTestId('mark')).toHaveText('Present');
  }
  await seat('Alan Turing').getByRole('button', { name: 'Absent' }).click();
  await expect(seat('Alan Turing').getByTestId('mark')).toHaveText('Absent');
  await expect(seat('Alan Turing').getByRole('button', { name: 'Absent' })).toHaveAttribute('aria-pressed', 'true');
  // Saved: a reload shows the same marks.
  await page.reload();
  await hydrated(page);
  await expect(seat('Grace Hopper').getByTestId('mark')).toHaveText('Present');
  await expect(seat('Alan Turing').getByTestId('mark')).toHaveText('Absent');
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, 'the door list fits 360 px').toBe(true);
  await axeClean(page);
  await snap(page, 'teaching-door-phone');
  // Another course's roster and the admin's pages are not theirs.
  const roster = await page.request.get(`/admin/courses/${courseId}/roster`);
  expect(roster.status()).toBe(403);

  // The admin's roster, and the member's booking, say who came.
  await admin.goto(`/admin/courses/${courseId}/roster`);
  await hydrated(admin);
  const marks = admin.getByTestId('roster-attendance');
  await expect(marks).toHaveText(['Attendance: present', 'Attendance: present', 'Attendance: absent']);
  await snap(admin, 'teaching-roster');
  await member.goto(bookingUrl);
  await hydrated(member);
  await expect(member.getByTestId('attended')).toHaveText(['Attendance: present', 'Attendance: present', 'Attendance: absent']);

  // The course page names the instructor, whose page lists the course.
  await member.goto(`/courses/${courseId}`);
  await member.getByTestId('taught-by').getByRole('link', { name: tia }).click();
  await expect(member).toHaveURL(/\/instructors\/\d+/);
  await expect(member.getByRole('heading', { name: tia })).toBeVisible();
  await expect(member.getByText(title)).toBeVisible();
  await axeClean(member);
  await snap(member, 'teaching-instructor-page');
  expect(errors).toEqual([]);
  expect(adminErrors).toEqual([]);
});
