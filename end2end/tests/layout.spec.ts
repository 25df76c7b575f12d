import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { confirmEmail, hydrated, snap } from './helpers';

// Every page, as a visitor, a member and an admin would meet it, at phone
// and desktop width: nothing scrolls sideways (wide tables scroll inside
// their own keyboard-reachable box), and axe-core finds no WCAG 2.2 A/AA
// violation. Each page is also kept as a screenshot to look at.
const WIDTHS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
];
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PASSWORD = 'correct horse battery';

/** The page as it is now: fits the window, no axe violations, a screenshot. */
async function checkPage(page: Page, shot: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${page.url()} is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const violations = results.violations.map((v) => ({
    rule: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(violations, `axe on ${page.url()}`).toEqual([]);
  await snap(page, shot);
}

async function visit(page: Page, path: string, shot: string) {
  await page.goto(path);
  await hydrated(page);
  await checkPage(page, shot);
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

for (const size of WIDTHS) {
  test(`every page fits ${size.width} px and passes axe (WCAG 2.2 A/AA)`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const page = await context.newPage();
    const at = (name: string) => `${size.name}-${name}`;

    // A visitor.
    for (const [path, name] of [
      ['/', 'home'],
      ['/courses', 'courses'],
      ['/courses?when=past', 'courses-past'],
      ['/courses?q=zzzz-nothing', 'courses-none'],
      ['/courses/2', 'course'],
      ['/courses/3', 'course-full'],
      ['/courses/6', 'course-past'],
      ['/courses/9', 'course-meetings'],
      ['/courses/999999', 'not-found'],
      ['/login', 'login'],
      ['/forgot-password', 'forgot-password'],
      ['/forgot-password?sent', 'forgot-password-sent'],
      ['/reset-password?token=0000', 'reset-link-invalid'],
      ['/signup/sent', 'signup-sent'],
      ['/confirm-email?token=0000', 'confirm-link-invalid'],
      ['/signup', 'signup'],
    ]) {
      await visit(page, path, at(name));
    }
    // Refused sign-up and sign-in, with their messages.
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('[data-field-error="password"]')).not.toBeEmpty();
    await checkPage(page, at('signup-refused'));
    await visit(page, '/login', at('login'));
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await checkPage(page, at('login-refused'));

    // A member: signs up, pays for one course, leaves another unpaid.
    await page.goto('/signup');
    await hydrated(page);
    const email = `wide.${size.width}.${Date.now()}@example.com`;
    await page.getByLabel('Your name').fill('Wide Check');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('signup-sent')).toBeVisible();
    await confirmEmail(page, email);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await checkPage(page, at('welcome'));
    await page.goto('/courses/2');
    await hydrated(page);
    await page.getByTestId('book').click();
    await expect(page).toHaveURL(/\/c\/pay\/cs_/);
    await checkPage(page, at('checkout'));
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await checkPage(page, at('checkout-declined'));
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('confirmation')).toBeVisible();
    await hydrated(page);
    await checkPage(page, at('confirmation'));
    const booking = await page.getByTestId('add-to-calendar').getAttribute('href');
    await visit(page, booking!.replace('/calendar.ics', ''), at('booking'));
    await visit(page, '/courses/2', at('course-booked'));

    await page.goto('/courses/5');
    await hydrated(page);
    await page.getByTestId('book').click();
    await expect(page).toHaveURL(/\/c\/pay\/cs_/);
    await page.getByRole('link', { name: /Back/ }).click();
    await expect(page.getByTestId('payment-cancelled')).toBeVisible();
    await hydrated(page);
    await checkPage(page, at('payment-cancelled'));
    for (const [path, name] of [['/account', 'account'], ['/bookings', 'bookings']]) {
      await visit(page, path, at(name));
    }
    await context.clearCookies();

    // An admin.
    await signIn(page, 'admin@tessera.test', process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password');
    for (const [path, name] of [
      ['/admin/courses', 'admin-courses'],
      ['/admin/courses/new', 'admin-new'],
      ['/admin/courses/1', 'admin-edit'],
      ['/admin/courses/9', 'admin-edit-meetings'],
      ['/admin/people', 'admin-people'],
      ['/admin/people?q=wide', 'admin-people-search'],
      ['/admin/people/2', 'admin-person'],
      ['/admin/courses/2/roster', 'admin-roster'],
    ]) {
      await visit(page, path, at(name));
    }
    // The wide tables scroll in their own box, reachable by keyboard.
    await expect(page.getByRole('region', { name: 'Roster table' })).toHaveAttribute('tabindex', '0');
    // A refused course form, with its messages.
    await page.goto('/admin/courses/new');
    await hydrated(page);
    await page.getByRole('button', { name: /Create|Save/ }).click();
    await expect(page.locator('[data-field-error]').filter({ hasText: /\S/ }).first()).toBeVisible();
    await checkPage(page, at('admin-new-refused'));
    await context.close();
  });
}

test('the first Tab reaches a skip link that jumps to the page content', async ({ page }) => {
  await page.goto('/courses');
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('a course card is announced by its title, not every word on it, and a click anywhere on it opens the course', async ({ page }) => {
  await page.goto('/courses');
  await hydrated(page);
  const card = page.locator('.course-card', { hasText: 'Sourdough Bread Masterclass' });
  await expect(card.getByRole('link')).toHaveAccessibleName('Sourdough Bread Masterclass');
  await card.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sourdough Bread Masterclass');
});
