// An assignment's whole path in the browser: the editor reopens Canada's published assessment
// for correction; the analyst adds an evidence item with a new footnote, codes it, submits the
// coding and the assessment; the director approves; the editor publishes a corrected edition;
// a reader sees the new evidence and its footnote on the public pages.

import { check, env, press, run, signIn, signOut } from './lib.mjs';

const base = env('BASE_URL');
const slug = env('PW_CYCLE_SLUG');
const commitment = env('PW_COMMITMENT');
const member = env('PW_MEMBER');
const analyst = [env('PW_ANALYST'), env('PW_ANALYST_PASSWORD')];
const director = [env('PW_DIRECTOR'), env('PW_DIRECTOR_PASSWORD')];
const editor = [env('PW_EDITOR'), env('PW_EDITOR_PASSWORD')];

const work = `${base}/workspace/cycles/${slug}/commitments/${commitment}/members/${member}`;
const evidence = `On 2 March 2025, ${member} funded a browser-tested information campaign on smuggling routes.`;
const footnote = 'Browser Test Gazette: a campaign against smuggling';

async function status(page) {
  return (await page.locator('.work-status').innerText()).toLowerCase();
}

await run('walk-through: evidence, coding, submit, approve, publish, read', async (context) => {
  const page = await context.newPage();

  // The published assessment is reopened for correction by the editor.
  await signIn(page, base, ...editor);
  await page.goto(`${work}/reopen`);
  await page.getByLabel('Why it is reopened').fill('A new action came to light after publication.');
  await press(page, 'Reopen for correction');
  await signOut(page);

  // The analyst finds the assignment on the workspace and adds an evidence item with a new
  // footnote, coded against the rubric.
  await signIn(page, base, ...analyst);
  await page.getByRole('link', { name: `Commitment ${commitment}: ${member}` }).click();
  check((await status(page)).includes('draft'), `reopened, the status reads "${await status(page)}"`);
  await page.getByRole('link', { name: 'Add an evidence item' }).click();
  await page.getByLabel('Date (YYYY-MM-DD)').fill('2025-03-02');
  await page.getByLabel('What the member did').fill(evidence);
  await page.getByLabel('Title', { exact: true }).fill(footnote);
  await page.getByLabel('Publisher').fill('Browser Test Gazette');
  await page.getByLabel('Place').fill('Ottawa');
  await page.getByLabel('Published (YYYY-MM-DD', { exact: false }).fill('2025-03-02');
  await page.getByLabel('Accessed (YYYY-MM-DD)').fill('2025-03-03');
  await page.getByLabel('URL').fill('https://example.org/browser-test-campaign');
  await page.getByLabel('Prevent (prevent)').selectOption('strong');
  await press(page, 'Save the evidence item');
  const items = await page.locator('ol.work-evidence').innerText();
  check(items.includes(evidence), `the new item is listed on the assessment: ${items}`);
  check(items.includes(footnote), 'the new item cites its footnote');
  check(items.includes('Prevent: strong'), `the item shows its code: ${items}`);

  if ((await page.getByRole('button', { name: 'Submit my coding', exact: true }).count()) > 0) {
    await press(page, 'Submit my coding');
  }
  await press(page, 'Submit for approval');
  check((await status(page)).includes('submitted'), `after submitting, the status reads "${await status(page)}"`);
  await signOut(page);

  // The commitment's compliance director approves.
  await signIn(page, base, ...director);
  await page.goto(work);
  await press(page, 'Approve');
  check((await status(page)).includes('approved'), `after approval, the status reads "${await status(page)}"`);
  await signOut(page);

  // The editor publishes a corrected edition.
  await signIn(page, base, ...editor);
  await page.goto(`${base}/workspace/cycles/${slug}/publish`);
  const kind = page.getByLabel('Kind of edition');
  const options = await kind.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const corrected = options.find(([value, label]) => value && /correct/i.test(`${value} ${label}`));
  check(corrected, `the publish form offers a corrected edition: ${JSON.stringify(options)}`);
  await kind.selectOption(corrected[0]);
  await page.getByLabel('Note for readers').fill('Adds an action by Canada found after publication.');
  await press(page, 'Publish edition');
  await signOut(page);

  // A reader sees the new evidence and its footnote on the public chapter, and the report
  // card renders.
  const chapter = await page.goto(`${base}/cycles/${slug}/commitments/${commitment}`);
  check(chapter.status() === 200, `the public chapter answers ${chapter.status()}`);
  const text = await page.locator('main').innerText();
  check(text.includes(evidence), 'the public chapter shows the new evidence item');
  check(text.includes(footnote), 'the public chapter shows its footnote');
  const card = await page.goto(`${base}/cycles/${slug}`);
  check(card.status() === 200, `the report card answers ${card.status()}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}, 90);
