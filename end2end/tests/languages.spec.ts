import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'fs';
import { emailedLink, hydrated, newMember, snap, waitForHydration, watchConsole } from './helpers';

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
    const bread = cards.filter({ hasText: 'Sauerteigbrot-Meisterkurs' });
    // 49,00 € with a no-break space, as German writes it.
    await expect(bread.locator('.course-price')).toHaveText('49,00\u00a0€');
    await expect(bread).toContainText(/Plätze frei|Nur noch \d+ frei/);
    // Berlin's zone as German names it; Tokyo's by its tz abbreviation,
    // with the reader's own time in German beside it.
    const yoga = cards.filter({ hasText: 'Yoga für alle im Park' });
    await expect(yoga.locator('time')).toContainText(/\d\d\.\d\d\.\d{4}, \d\d:\d\d MES?Z/);
    const knife = cards.filter({ hasText: 'Japanische Messertechnik' });
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
    await page.getByRole('link', { name: 'Japanische Messertechnik' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Japanische Messertechnik');
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

  test('signs up, books, pays, and reads the dashboard, the account and the emails in German', async ({ page }) => {
    const errors = watchConsole(page);
    const email = `deutsch.${Date.now()}@example.com`;
    // A course without a German text: its English one, marked as English.
    await page.goto('/courses?when=past');
    await expect(page.getByRole('link', { name: 'Public Speaking Bootcamp' })).toHaveAttribute('lang', 'en');
    await page.goto('/courses');
    await page.getByRole('link', { name: 'Sauerteigbrot-Meisterkurs' }).click();
    await hydrated(page);
    await page.getByTestId('book').click();
    await expect(page).toHaveURL(/\/signup\?next=/);
    await hydrated(page);
    await expect(page.getByTestId('youre-booking')).toContainText('Sauerteigbrot-Meisterkurs');
    await expect(page.getByTestId('youre-booking')).toContainText('49,00\u00a0€');
    await page.setViewportSize({ width: 360, height: 800 });
    await checked(page, 'signup-de-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('Ihr Name').fill('Greta Beispiel');
    await page.getByLabel('E-Mail').fill(email);
    await page.getByLabel('Passwort').fill('correct horse battery');
    await page.getByRole('button', { name: 'Konto erstellen' }).click();
    await expect(page.getByTestId('signup-sent')).toBeVisible();

    // The confirmation email is in German too.
    await expect.poll(() => emailedLink(email, 'confirm_email', '/confirm-email'), { timeout: 15_000 }).toBeTruthy();
    const confirmation = newestMail(email, 'confirm_email');
    expect(confirmation.subject).toMatch(/bestätigen/i);
    expect(confirmation.text).toContain('Greta Beispiel');
    await page.goto(emailedLink(email, 'confirm_email', '/confirm-email')!);
    await hydrated(page);
    await page.getByRole('button', { name: 'Bestätigen und anmelden' }).click();

    // Straight on to Stripe (its test page stays English), which was asked
    // to open in German.
    await expect(page).toHaveURL(/\/c\/pay\/cs_/);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page).toHaveURL(/\/payment\/success\?session_id=cs_/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByTestId('amount-paid')).toHaveText('49,00\u00a0€');
    await expect(page.getByText('Sauerteigbrot-Meisterkurs')).toBeVisible();
    await checked(page, 'payment-success-de-desktop');

    // The dashboard: German words, German dates, the German title.
    await page.goto('/bookings');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Buchungen');
    const row = page.locator('.booking', { hasText: 'Sauerteigbrot-Meisterkurs' });
    await expect(row.getByTestId('status')).toHaveText('Bestätigt');
    await expect(row).toContainText(/\d\d\.\d\d\.\d{4}, \d\d:\d\d/);
    await page.setViewportSize({ width: 360, height: 800 });
    await checked(page, 'dashboard-de-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await checked(page, 'dashboard-de-desktop');

    // The booking's email, with its money and time as German writes them.
    await expect.poll(() => mailsTo(email, 'booking_confirmed').length, { timeout: 15_000 }).toBeGreaterThan(0);
    const booked = newestMail(email, 'booking_confirmed');
    expect(booked.subject).toMatch(/bestätigt/i);
    expect(booked.text).toContain('Sauerteigbrot-Meisterkurs');
    expect(booked.text).toMatch(/49,00\s€/);

    // The account pages.
    await page.goto('/account');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihr Konto');
    await page.setViewportSize({ width: 360, height: 800 });
    await checked(page, 'account-de-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await checked(page, 'account-de-desktop');
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

/** The .eml files of kind `kind` sent to `email`, oldest first. */
function mailsTo(email: string, kind: string): string[] {
  const dir = '.e2e-data/mail';
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(`-${kind}.eml`))
    .sort()
    .map((f) => fs.readFileSync(`${dir}/${f}`, 'utf8'))
    .filter((m) => m.includes(`To: ${email}`));
}

/** The newest such email's subject and plain text, decoded. */
function newestMail(email: string, kind: string): { subject: string; text: string } {
  const raw = mailsTo(email, kind).at(-1) ?? '';
  const [head] = raw.split(/\r?\n\r?\n/);
  const subjectLine = head.replace(/\r?\n[ \t]+/g, ' ').match(/^Subject: (.*)$/m)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : quotedPrintable(data.replace(/_/g, ' ')),
  );
  // The text/plain part, in whichever transfer encoding it came.
  const part = raw.split(/Content-Type: text\/plain[^\n]*\n/i)[1] ?? '';
  const [partHead, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n').split(/\r?\n--/)[0];
  const text = /base64/i.test(partHead)
    ? Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8')
    : /quoted-printable/i.test(partHead)
      ? quotedPrintable(body.replace(/=\r?\n/g, ''))
      : body;
  return { subject, text };
}

function quotedPrintable(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
