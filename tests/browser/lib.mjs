// Shared by the browser scripts: Debian's Chromium launched headless through playwright-core
// (no browser download), a time limit on the whole script, and a watch on every page for
// console errors, uncaught exceptions and Content-Security-Policy violations.

import { chromium } from 'playwright-core';

/** Ends the script with a message and a non-zero exit code. */
export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

/** The environment variable `name`, which the Rust test sets; missing is a setup error. */
export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    fail(`environment variable ${name} is not set (run through \`cargo test -p pledgewatch-cli --test it browser\`)`);
  }
  return value;
}

/** Checks `condition`, failing with `message` when it does not hold. */
export function check(condition, message) {
  if (!condition) fail(message);
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Runs `body(context, problems)` in a fresh headless Chromium, within `seconds`. `problems`
 * collects every console error, page error and CSP violation of every page opened in the
 * context; the script fails if any was seen, naming them.
 */
export async function run(name, body, seconds = 60) {
  const timer = setTimeout(() => fail(`${name}: took longer than ${seconds} s`), seconds * 1000);
  timer.unref();
  let browser;
  let context;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
      timeout: 30_000,
    });
    context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const problems = [];
    context.on('page', (page) => watch(page, problems));
    // Reported by the page itself: the console message alone can be missed when a page
    // navigates away at once.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
      });
    });
    await body(context, problems);
    check(problems.length === 0, `${name}: the pages reported problems:\n  ${problems.join('\n  ')}`);
    console.log(`ok: ${name}`);
  } catch (e) {
    fail(`${name}: ${e && e.stack ? e.stack : e}${await whereAbouts(context)}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    clearTimeout(timer);
  }
}

/** Where each open page stands, for a failure's message. */
async function whereAbouts(context) {
  if (!context) return '';
  const lines = [];
  for (const page of context.pages()) {
    const text = await page.locator('main').innerText({ timeout: 1000 }).catch(() => '(no main)');
    lines.push(`\n  page ${page.url()}:\n    ${text.slice(0, 600).replace(/\n/g, '\n    ')}`);
  }
  return lines.join('');
}

function watch(page, problems) {
  page.on('console', (msg) => {
    // A failed load is reported below with its address; the console's copy has none.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  // A page's own resources (styles, scripts, images) must load; documents answer 4xx on
  // purpose (a refused form is a 422), and the browser's favicon probe is not the page's.
  page.on('response', (response) => {
    const request = response.request();
    const url = new URL(response.url());
    if (response.status() >= 400 && request.resourceType() !== 'document' && url.pathname !== '/favicon.ico') {
      problems.push(`${request.resourceType()} ${response.url()} answered ${response.status()} on ${page.url()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
}

/** Signs `name` in through the form; the page ends on the workspace. */
export async function signIn(page, base, name, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** Signs out through the form in the page's header (from the workspace when the page has
 * none, as an error page has not). */
export async function signOut(page) {
  if ((await page.getByRole('button', { name: 'Sign out' }).count()) === 0) {
    await page.goto(new URL('/workspace', page.url()).href);
  }
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByRole('button', { name: 'Sign out' }).click(),
  ]);
}

/**
 * Presses the form button called `name` and waits for the page the server answers with; fails
 * naming the problem when that page shows a form error.
 */
export async function press(page, name) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  const errors = page.locator('.form-error, .field-error');
  if ((await errors.count()) > 0) {
    fail(`pressing "${name}" on ${page.url()} was refused: ${(await errors.allInnerTexts()).join(' | ')}`);
  }
}
