import * as fs from 'fs';
import { test, expect, Page } from '@playwright/test';
import { confirmEmail, emailedLink, newMember, snap, watchConsole } from './helpers';

const PASSWORD = 'correct horse battery';
const uniqueEmail = (tag: string) => `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;

/** Waits until the form can take a click (hydration done). */
async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body?.dataset.hydrated === 'true');
}

async function signUp(page: Page, email: string, name = 'Grace Hopper') {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signup-sent')).toBeVisible();
  await confirmEmail(page, email);
}

test('sign up, confirm by email, and sign out', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('grace');
  await signUp(page, email);
  await expect(page).toHaveURL(/\/courses\?welcome$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Grace Hopper');
  await expect(page.getByTestId('welcome')).toContainText('Welcome to Tessera, Grace Hopper!');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('sign-up problems show next to their fields and keep what was typed', async ({ page }) => {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Your name').fill('Grace');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('[data-field-error="email"]')).toHaveText('Enter an email address like name@example.com.');
  await expect(page.locator('[data-field-error="password"]')).toHaveText('Use at least 10 characters for your password.');
  await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
  await expect(page.getByLabel('Your name')).toHaveValue('Grace');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await snap(page, 'signup-errors');
});

test('a wrong password gets a clear message', async ({ page }) => {
  const email = uniqueEmail('wrongpw');
  await signUp(page, email);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText("That email and password don't match an account.");
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await snap(page, 'sign-in-error');
});

test('a protected page sends you to sign in and back again', async ({ page }) => {
  const email = uniqueEmail('back');
  await signUp(page, email);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto('/bookings');
  await expect(page).toHaveURL(/\/login\?next=\/bookings$/);
  await hydrated(page);
  await snap(page, 'sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/bookings$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My bookings');
});

const resetLinkFor = (email: string) => emailedLink(email, 'password_reset', '/reset-password');

test('a forgotten password: a link by email sets a new one and signs you in', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('forgot');
  await signUp(page, email);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByTestId('reset-sent')).toContainText('If an account has that address');
  await snap(page, 'forgot-password-sent-phone');

  await expect.poll(() => resetLinkFor(email), { timeout: 15_000 }).toBeTruthy();
  await page.goto(resetLinkFor(email)!);
  await hydrated(page);
  await page.getByLabel('New password').fill('a brand new passphrase');
  await snap(page, 'reset-password-phone');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/bookings\?password_set$/);
  await expect(page.getByTestId('welcome')).toContainText('Your new password is set');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Grace Hopper');

  // The link is spent.
  await page.goto(resetLinkFor(email)!);
  await expect(page.getByTestId('reset-link-invalid')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Send me a new link' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a newcomer presses Book once: an account, the emailed link, and on to Checkout', async ({ page }) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/courses');
  await page.getByRole('link', { name: /Sourdough Bread Masterclass/ }).first().click();
  await expect(page).toHaveURL(/\/courses\/\d+$/);
  const course = new URL(page.url()).pathname;
  await hydrated(page);
  await page.getByTestId('book').click();
  // Create an account first, on a page that says what is being booked.
  await expect(page).toHaveURL(/\/signup\?next=/);
  await hydrated(page);
  await expect(page.getByTestId('youre-booking')).toContainText('Sourdough Bread Masterclass');
  await expect(page.getByTestId('youre-booking')).toContainText('straight on to payment');
  await expect(page.getByTestId('sign-in-instead')).toBeVisible();
  await snap(page, 'signup-to-book-phone');
  const email = uniqueEmail('newcomer');
  await page.getByLabel('Your name').fill('Katherine Johnson');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signup-sent')).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await snap(page, 'signup-check-inbox-phone');

  await expect.poll(() => emailedLink(email, 'confirm_email', '/confirm-email'), { timeout: 15_000 }).toBeTruthy();
  const link = emailedLink(email, 'confirm_email', '/confirm-email')!;
  expect(decodeURIComponent(link)).toContain(`next=${course}?book=1`);
  await page.goto(link);
  await hydrated(page);
  await expect(page.getByTestId('youre-booking')).toContainText('Sourdough Bread Masterclass');
  await snap(page, 'confirm-email-phone');
  // One press: confirmed, signed in, and at Checkout for that course.
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByText('Sourdough Bread Masterclass').first()).toBeVisible();

  // The link is spent.
  await page.goto(link);
  await expect(page.getByTestId('link-invalid')).toBeVisible();
  expect(errors).toEqual([]);
});

test('an unconfirmed account may sign in but is asked to confirm before booking', async ({ page }) => {
  const email = uniqueEmail('unconfirmed');
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Your name').fill('Dorothy Vaughan');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signup-sent')).toBeVisible();

  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('unconfirmed')).toContainText(email);
  await hydrated(page);
  await page.getByRole('button', { name: 'Send the link again' }).click();
  await expect(page.getByTestId('unconfirmed')).toContainText('Sent.');
  await snap(page, 'unconfirmed-banner');
});

test('your account: a new address by link, your data as a file, and deleting the account', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('mine');
  await signUp(page, email, 'Mary Jackson');

  await page.goto('/account');
  await hydrated(page);
  await snap(page, 'account');
  await page.getByLabel('Your name').fill('Mary W. Jackson');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
  // The header says the new name at once.
  await expect(page.getByTestId('signed-in-as')).toHaveText('Mary W. Jackson');
  const moved = uniqueEmail('moved');
  await page.getByLabel('New email address').fill(moved);
  await page.getByLabel('Your password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Send link' }).click();
  await expect(page.getByTestId('email-change-sent')).toBeVisible();
  await expect.poll(() => emailedLink(moved, 'email_change', '/change-email'), { timeout: 15_000 }).toBeTruthy();
  await page.goto(emailedLink(moved, 'email_change', '/change-email')!);
  await hydrated(page);
  await snap(page, 'change-email');
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page).toHaveURL(/\/account\?email_changed$/);
  await expect(page.getByTestId('email-changed')).toBeVisible();
  await expect(page.getByText(moved)).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download my data (JSON)' }).click();
  const file = await (await download).path();
  const data = JSON.parse(fs.readFileSync(file!, 'utf8'));
  expect(data.profile.email).toBe(moved);
  expect(data.profile.name).toBe('Mary W. Jackson');

  await hydrated(page);
  await page.getByLabel('Your password, to confirm').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/\?account_deleted$/);
  await expect(page.getByTestId('welcome')).toContainText('Your account is deleted');
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);

  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(moved);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText("That email and password don't match an account.");
  expect(errors).toEqual([]);
});

test('a passkey: add one, sign out, sign in with it, see where you are signed in, remove it', async ({ page }) => {
  const errors = watchConsole(page);
  // Chromium's virtual authenticator stands in for a phone or a laptop's
  // fingerprint reader: it keeps passkeys and verifies the user at once.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await newMember(page, 'passkey', { name: 'Pat Passkey' });

  await page.goto('/account');
  await hydrated(page);
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await expect(passkeys.getByTestId('no-passkeys')).toBeVisible();
  await passkeys.getByLabel('Name it').fill('This laptop');
  await passkeys.getByLabel('Confirm with your password').fill(PASSWORD);
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys.getByTestId('passkey-added')).toContainText('This laptop');
  await expect(passkeys.getByTestId('passkeys')).toContainText('This laptop');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  await expect(page.getByTestId('devices')).toContainText('This device');
  await snap(page, 'account-passkeys');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await page.goto('/login?next=%2Fbookings');
  await hydrated(page);
  await snap(page, 'login-passkey');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/bookings$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Pat Passkey');

  await page.goto('/account');
  await hydrated(page);
  await expect(passkeys.getByTestId('passkeys')).toContainText('last used');
  await passkeys.getByRole('button', { name: 'Remove passkey This laptop' }).click();
  await expect(passkeys.getByTestId('no-passkeys')).toBeVisible();

  // The device still has it, but it opens nothing now.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByTestId('passkey-refused')).toContainText("didn't work here");
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  expect(errors).toEqual([]);
});
