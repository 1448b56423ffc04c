// Signing in and out through the forms, a wrong password, and the public report card: no
// console error, uncaught exception or CSP violation on any page.

import { check, env, run, signIn, signOut } from './lib.mjs';

const base = env('BASE_URL');
const name = env('PW_ANALYST');
const password = env('PW_ANALYST_PASSWORD');
const cycle = env('PW_CYCLE');
const slug = env('PW_CYCLE_SLUG');

await run('sign in, sign out, report card', async (context) => {
  const page = await context.newPage();

  // The workspace asks a reader to sign in, and comes back after.
  await page.goto(`${base}/workspace`);
  check(new URL(page.url()).pathname === '/login', `a reader at /workspace lands on ${page.url()}, not /login`);

  // A wrong password: the form says so and keeps the name.
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password').fill(`${password} but wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const error = page.getByRole('alert');
  await error.waitFor();
  const said = await error.innerText();
  check(/wrong/i.test(said), `a wrong password says "${said}"`);
  check((await page.getByLabel('Account name').inputValue()) === name, 'the name typed is kept');
  check(new URL(page.url()).pathname === '/login', `after a wrong password the page is ${page.url()}`);

  await signIn(page, base, name, password);
  check(new URL(page.url()).pathname === '/workspace', `signed in, the page is ${page.url()}`);
  await page.getByRole('heading', { name: 'Workspace', level: 1 }).waitFor();
  const account = await page.getByRole('navigation', { name: 'Account' }).innerText();
  check(account.includes(`Signed in as ${name}`), `the header says "${account}"`);

  // The audit trail is one click away and shows the sign-in's own account.
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
  const rows = await page.locator('table.audit tbody tr').count();
  check(rows > 0, 'the audit trail lists records');

  await signOut(page);
  await page.goto(`${base}/workspace`);
  check(new URL(page.url()).pathname === '/login', `signed out, /workspace lands on ${page.url()}`);

  // The public report card.
  const card = await page.goto(`${base}/cycles/${slug}`);
  check(card.status() === 200, `the report card answers ${card.status()}`);
  const title = await page.getByRole('heading', { level: 1 }).innerText();
  check(title.includes(cycle), `the report card's heading is "${title}"`);
  check((await page.locator('table').count()) > 0, 'the report card has its tables');

  // On a phone, wide tables scroll in their own box but every caption stays readable: no
  // caption reaches past the screen's right edge.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/cycles/${slug}`);
  const cut = await page.$$eval('caption', (captions) =>
    captions
      .filter((c) => c.getBoundingClientRect().right > window.innerWidth)
      .map((c) => c.id || c.textContent.slice(0, 40)),
  );
  check(cut.length === 0, `captions cut off at 390 px: ${cut.join(', ')}`);
});
