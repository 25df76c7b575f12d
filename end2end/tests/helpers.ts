import { expect, Page } from '@playwright/test';

/** Collects console errors and uncaught exceptions for the whole test. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/**
 * Waits until the WASM has hydrated the page. Server-rendered times end in
 * "UTC"; once hydrated, they are rewritten in the viewer's zone.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('time').first()).not.toContainText('UTC');
}

/** A full-page screenshot under test-results/screenshots/. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
