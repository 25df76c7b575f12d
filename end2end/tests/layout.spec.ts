import { test, expect, Page } from '@playwright/test';
import { hydrated, snap } from './helpers';

// Nothing scrolls sideways on a phone: every page at 360 px (and at desktop
// width) is no wider than the window; wide tables scroll inside their own
// keyboard-reachable box.
const WIDTHS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
];

async function noSidewaysScroll(page: Page, path: string, shot: string) {
  await page.goto(path);
  await hydrated(page);
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${path} is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
  await snap(page, shot);
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

for (const size of WIDTHS) {
  test(`no page scrolls sideways at ${size.width} px`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const page = await context.newPage();
    for (const [path, name] of [['/', 'home'], ['/courses', 'courses'], ['/courses/2', 'course'], ['/login', 'login'], ['/signup', 'signup']]) {
      await noSidewaysScroll(page, path, `${size.name}-${name}`);
    }
    // A member with a booking.
    await page.goto('/signup');
    await hydrated(page);
    await page.getByLabel('Your name').fill('Wide Check');
    await page.getByLabel('Email').fill(`wide.${size.width}.${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto('/courses/2');
    await hydrated(page);
    await page.getByTestId('book').click();
    await expect(page).toHaveURL(/\/c\/pay\/cs_/);
    await snap(page, `${size.name}-checkout`);
    const checkoutWidth = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(checkoutWidth, 'the hosted checkout page fits').toBe(true);
    for (const [path, name] of [['/account', 'account'], ['/bookings', 'bookings']]) {
      await noSidewaysScroll(page, path, `${size.name}-${name}`);
    }
    const booking = await page.locator('.booking a').first().getAttribute('href');
    await noSidewaysScroll(page, booking!, `${size.name}-booking`);
    await context.clearCookies();

    await signIn(page, 'admin@tessera.test', process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password');
    for (const [path, name] of [['/admin/courses', 'admin-courses'], ['/admin/courses/new', 'admin-new'], ['/admin/courses/1/roster', 'admin-roster']]) {
      await noSidewaysScroll(page, path, `${size.name}-${name}`);
    }
    // The wide tables scroll in their own box, reachable by keyboard.
    await expect(page.getByRole('region', { name: 'Roster table' })).toHaveAttribute('tabindex', '0');
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
