import { expect, Page } from '@playwright/test';

/**
 * Collects console errors and uncaught exceptions for the whole test.
 * Chromium also logs every 4xx answer ("Failed to load resource: … 422"):
 * those are refusals the test provoked on purpose and checks on the page, so
 * they are not counted; 5xx answers are.
 */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Waits for the hydration marker the WASM entry point sets on <body>. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body?.dataset.hydrated === 'true');
}

/** Waits until the WASM has hydrated the page (the marker on <body>, as a web-first assertion). */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** A full-page screenshot under test-results/screenshots/. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Signs up a new member named after `tag` and waits until signed in. */
export async function newMember(page: Page, tag: string, password = 'correct horse battery'): Promise<void> {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Your name').fill(`Member ${tag}`);
  await page.getByLabel('Email').fill(`${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}
