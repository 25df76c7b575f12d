import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { newMember, snap, waitForHydration, watchConsole } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** No axe violation (the `lang` attributes included), and a screenshot. */
async function checked(page: Page, shot: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await snap(page, shot);
}

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('sees the catalog in German with German formats, and the language says so', async ({ page }) => {
    const errors = watchConsole(page);
    const res = await page.goto('/courses');
    expect(res?.headers()['content-language']).toBe('de');
    await waitForHydration(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kurse');
    await expect(page.getByLabel('Suche', { exact: true })).toBeVisible();
    const cards = page.locator('[data-testid="course-list"] .course-card');
    await expect(page.getByTestId('course-count')).toHaveText(`${await cards.count()} Kurse`);
    const bread = cards.filter({ hasText: 'Sourdough Bread Masterclass' });
    // 49,00 € with a no-break space, as German writes it.
    await expect(bread.locator('.course-price')).toHaveText('49,00\u00a0€');
    await expect(bread).toContainText(/Plätze frei|Nur noch \d+ frei/);
    // Berlin's zone as German names it; Tokyo's by its tz abbreviation,
    // with the reader's own time in German beside it.
    const yoga = cards.filter({ hasText: 'Community Yoga in the Park' });
    await expect(yoga.locator('time')).toContainText(/\d\d\.\d\d\.\d{4}, \d\d:\d\d MES?Z/);
    const knife = cards.filter({ hasText: 'Japanese Knife Skills' });
    await expect(knife.locator('time')).toContainText('10:00 JST');
    await expect(knife.locator('.your-time')).toHaveText(/^ \(.*02:00 bei Ihnen\)$/);
    // The form keeps working in German: typing filters, the count follows.
    await page.getByLabel('Suche', { exact: true }).fill('knife');
    await expect(cards).toHaveCount(1);
    await expect(page.getByTestId('course-count')).toHaveText('1 Kurs zu „knife“');
    await page.getByLabel('Suche', { exact: true }).fill('');
    await expect(page).toHaveURL(/\/courses$/);
    await page.setViewportSize({ width: 360, height: 800 });
    await checked(page, 'catalog-de-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await checked(page, 'catalog-de-desktop');
    await page.getByRole('link', { name: 'Japanese Knife Skills' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    // The course's page: its facts in German, the venue's time with the
    // reader's beside it, the refund rule at the venue's clock.
    await expect(page.getByRole('link', { name: '← Alle Kurse' })).toBeVisible();
    await expect(page.getByTestId('price')).toHaveText('5.000\u00a0¥');
    await expect(page.locator('dt', { hasText: 'Beginn' })).toBeVisible();
    await expect(page.getByText(/\d+ von \d+ frei/)).toBeVisible();
    await expect(page.getByTestId('refund-rule')).toContainText('Volle Erstattung, wenn Sie vor');
    await checked(page, 'course-de-desktop');
    expect(errors).toEqual([]);
  });

  test('switches to English on any page, every page after it follows, and the choice survives signing in', async ({ page, context }) => {
    await page.goto('/courses?sort=price-asc');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    // The switcher names the other language in that language.
    const english = page.getByTestId('language-switch').getByRole('button', { name: 'English' });
    await expect(english).toHaveAttribute('lang', 'en');
    await english.click();
    // The same page, now in English.
    await expect(page).toHaveURL(/\/courses\?sort=price-asc$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courses');
    await page.getByRole('link', { name: 'Sourdough Bread Masterclass' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('link', { name: 'Sign up' })).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === 'tessera_lang');
    expect(cookie?.value).toBe('en');

    // Signing up and in keeps English.
    await newMember(page, 'english-choice');
    await page.goto('/courses');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('link', { name: 'My bookings' })).toBeVisible();

    // Back to German as a member: stored on the account, so a browser of
    // theirs that never chose (no cookie) follows it once signed in.
    await page.getByTestId('language-switch').getByRole('button', { name: 'Deutsch' }).click();
    await expect(page.getByRole('link', { name: 'Meine Buchungen' })).toBeVisible();
    await context.clearCookies({ name: 'tessera_lang' });
    await page.goto('/courses');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });
});

test('an English browser sees English', async ({ page }) => {
  const res = await page.goto('/courses');
  expect(res?.headers()['content-language']).toBe('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courses');
  await expect(page.getByTestId('language-switch').getByRole('button', { name: 'Deutsch' })).toHaveAttribute('lang', 'de');
  await checked(page, 'catalog-en-desktop');
});
