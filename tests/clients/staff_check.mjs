#!/usr/bin/env node
// Staff workspace, end to end in a browser: a publisher of the treasury signs in on a 360 ×
// 740 phone (mobile emulation, deviceScaleFactor 2, touch), uploads a month's IFMIS
// payments export, waits for the check, reads its report, publishes it, and finds the
// version on the public site; then the admin finds the publish in the staff audit trail.
// Debian's headless Chromium driven by playwright-core, with axe-core, like phone_check.
//
// usage: node tests/clients/staff_check.mjs BASE_URL ACCOUNTS_FILE INBOX_DIR OUTDIR
//
//   ACCOUNTS_FILE  state/demo-accounts.txt as `disclose demo` writes it: a comment line,
//                  then `EMAIL PASSWORD ROLE OFFICES...`, whitespace-separated.
//   INBOX_DIR      the demo's raw exports (<data-dir>/inbox); its expenditure/ folder holds
//                  one ifmis_payments_YYYY-MM.csv per month.
//   OUTDIR         screenshots, and the restated export when one is made.
//
// The export: the earliest month of the inbox whose expenditure dataset is not published
// yet (asked of /api/datasets), uploaded as it is. The demo publishes every month, so
// usually there is none: then the latest month's export is copied to OUTDIR with one
// amount changed (by as many shillings as the month's latest version number, so a second
// run against the same store is again a change), which makes it a restatement, published
// with a note.
//
// Steps (one line each; a step that fails stops the ones after it, which count as failed):
//   1. the account whose offices include treasury-accounts, from ACCOUNTS_FILE;
//   2. /staff/sign-in: no axe violation, no sideways scroll; signing in lands on /staff;
//   3. /staff/publish: no axe violation, no sideways scroll; the form is sent with the
//      pipeline ifmis-expenditure-csv.toml, no period, the file (and the note when it
//      restates) and lands on /staff/uploads/ID;
//   4. the check ends within 180 s (#progress gone): the page says "checked: ready to
//      publish" and shows the report's counts (rows read = data lines of the file, no
//      errors); no axe violation, no sideways scroll; screenshot;
//   5. "Publish": the page links to /datasets/DATASET/v/N;
//   6. that public page answers 200 and shows the dataset id (and the note, if any);
//   7. the admin, in a fresh context, finds the ok upload.publish row of this upload in
//      /staff/audit?action=upload.publish;
//   8. a citizen, in a fresh phone context without signing in, opens /report (no axe
//      violation, no sideways scroll), chooses the first category and ward, describes it,
//      attaches a JPEG drawn on a canvas by the page itself (setInputFiles) and sends it
//      as the form does (multipart, no script needed); the answer shows a reference;
//   9. the moderator (the accounts file's moderator role), signed in, sees the pending
//      photo on /staff/reports/REF (loaded, not broken), publishes the report and shows
//      the photo;
//  10. the public /reports/REF shows the photo (loaded, its width and height attributes
//      set, lazy), with no axe violation and no sideways scroll.
// "No sideways scroll" is scrollWidth <= the root's clientWidth (360): in mobile emulation
// innerWidth stretches to overflowing content, so it cannot be the measure. An uncaught
// exception in any page fails the step it happens in. axe-core runs the tags wcag2a,
// wcag2aa, wcag21a and wcag21aa. Screenshots of each page (the whole page) go to OUTDIR.
// Then a plain line `N passed, M failed`; exit 1 on any failure.
//
// Nothing comes from a CDN: playwright-core and axe-core are installed by `npm ci` in web/
// (pinned in web/package-lock.json) and Chromium is Debian's (/usr/bin/chromium, or
// CHROMIUM=/path).

import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');
const axeSource = require('axe-core').source;

const PIPELINE = 'ifmis-expenditure-csv.toml';
const OFFICE = 'treasury-accounts';
const ADMIN = 'admin@mlima.example';
const CHECK_TIMEOUT_MS = 180_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `EMAIL PASSWORD ROLE OFFICES...` lines of the demo's accounts file. */
function readAccounts(file) {
  const out = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const [email, password, role, ...offices] = line.trim().split(/\s+/);
    out.push({ email, password, role, offices });
  }
  return out;
}

/** The fields of one CSV line (quotes as RFC 4180; no newline inside a field here). */
function csvFields(line) {
  const out = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unclosed quote in ${line.slice(0, 60)}`);
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const c = line.indexOf(',', i);
      field = c < 0 ? line.slice(i) : line.slice(i, c);
      i = c < 0 ? line.length : c;
    }
    out.push(field);
    if (i >= line.length) return out;
    i++; // the comma
  }
}

function csvLine(fields) {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

/** "5,977,322.53" plus `delta` shillings, written the same way. */
function addShillings(amount, delta) {
  const n = Number(amount.replace(/,/g, ''));
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${amount}`);
  const [whole, cents] = (n + delta).toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/**
 * Copies `from` to `to` with the amount of its first payment raised by `delta`.
 * Returns what changed, for the log.
 */
function restate(from, to, delta) {
  const lines = readFileSync(from, 'utf8').split('\n');
  const header = csvFields(lines[0].replace(/^\uFEFF/, '').replace(/\r$/, ''));
  const col = header.indexOf('Amount (KES)');
  if (col < 0) throw new Error(`${from} has no "Amount (KES)" column`);
  const eol = lines[1].endsWith('\r') ? '\r' : '';
  const row = csvFields(lines[1].replace(/\r$/, ''));
  const before = row[col];
  row[col] = addShillings(before, delta);
  lines[1] = csvLine(row) + eol;
  writeFileSync(to, lines.join('\n'));
  return `${row[1] || 'row 1'}: ${before} → ${row[col]}`;
}

/** Data lines of a CSV export (lines after the header, blank ones aside). */
function dataLines(file) {
  return readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.trim()).length;
}

/** The file to upload: an unpublished month as it is, or the latest one restated. */
async function chooseExport(base, inbox, outdir) {
  const dir = path.join(inbox, 'expenditure');
  const months = readdirSync(dir)
    .map((f) => f.match(/^ifmis_payments_(\d{4}-\d{2})\.csv$/))
    .filter(Boolean)
    .map((m) => ({ month: m[1], file: path.join(dir, m[0]) }))
    .sort((a, b) => a.month.localeCompare(b.month));
  if (!months.length) throw new Error(`no ifmis_payments_YYYY-MM.csv in ${dir}`);
  const res = await fetch(`${base}/api/datasets`);
  if (!res.ok) throw new Error(`/api/datasets answered HTTP ${res.status}`);
  const published = new Map();
  for (const d of (await res.json()).datasets) {
    if (d.kind === 'expenditure' && d.period) published.set(d.period, d);
  }
  const fresh = months.find((m) => !published.has(m.month));
  if (fresh) {
    return { ...fresh, restates: null, note: '', how: `${path.basename(fresh.file)}, a month not yet published` };
  }
  const last = months[months.length - 1];
  const latest = published.get(last.month);
  const copy = path.join(outdir, path.basename(last.file));
  const changed = restate(last.file, copy, latest.latest_version);
  return {
    month: last.month,
    file: copy,
    dataset: latest.id,
    restates: latest.latest_version,
    note: `Restatement by the staff browser check: one payment corrected (${changed})`,
    how: `${path.basename(last.file)} restated (every inbox month is published; ${latest.id} is at v${latest.latest_version}; ${changed})`,
  };
}

/** A page's problems on a phone: sideways scroll and axe-core violations. */
async function audit(page) {
  const problems = [];
  // In mobile emulation, as on a phone, innerWidth grows to the width of content that
  // overflows (the layout viewport stretches), so scrollWidth <= innerWidth would always
  // hold: the page's width is the root's clientWidth, which stays the phone's.
  const m = await page.evaluate(() => {
    const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
    const out = { scrollWidth: document.documentElement.scrollWidth, width, wide: [] };
    if (out.scrollWidth > width) {
      // Name the elements that stick out, to say what to fix.
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        const parentOut = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1;
        if (r.right > width + 1 && r.width > 0 && !parentOut) {
          out.wide.push(`${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().replace(/\s+/g, '.') : ''} (right edge ${Math.round(r.right)} px)`);
        }
        if (out.wide.length >= 5) break;
      }
    }
    return out;
  });
  if (m.scrollWidth > m.width) {
    problems.push(`scrolls sideways: ${m.scrollWidth} px wide in ${m.width} px` + (m.wide.length ? ` (sticking out: ${m.wide.join(', ')})` : ''));
  }
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' '), summary: v.nodes[0] && v.nodes[0].failureSummary }));
  }, AXE_TAGS);
  for (const v of violations) {
    problems.push(`axe ${v.id} (${v.impact}, ${v.nodes} node(s)), e.g. ${v.target}: ${(v.summary || '').replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  return problems;
}

/** A new phone context and page; uncaught exceptions go to `errors`. */
async function phone(browser, errors) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`uncaught exception in ${page.url()}: ${e.message}`));
  return { context, page };
}

async function signIn(page, base, account, shot) {
  const res = await page.goto(`${base}/staff/sign-in`, { waitUntil: 'load', timeout: 60000 });
  if (!res || res.status() !== 200) throw new Error(`/staff/sign-in answered HTTP ${res ? res.status() : '?'}`);
  const problems = (await audit(page)).map((p) => `/staff/sign-in: ${p}`);
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 60000 }), page.click('form.stack button[type=submit]')]);
  const at = new URL(page.url()).pathname;
  if (at !== '/staff') {
    const said = await page.locator('.notice').allTextContents().catch(() => []);
    throw new Error(`signing in as ${account.email} landed on ${at}, not /staff${said.length ? ` (the page says: ${said.join(' ')})` : ''}`);
  }
  return problems;
}

const slug = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

async function main() {
  const [base0, accountsFile, inbox, outdir] = process.argv.slice(2);
  if (!base0 || !accountsFile || !inbox || !outdir) {
    console.error('usage: node tests/clients/staff_check.mjs BASE_URL ACCOUNTS_FILE INBOX_DIR OUTDIR');
    process.exit(2);
  }
  const base = base0.replace(/\/+$/, '');
  mkdirSync(outdir, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS, headless: true });

  let passed = 0;
  let failed = 0;
  let stopped = false;
  const errors = [];
  // Runs one step: it returns a short note and throws (or returns problems) when it fails.
  async function step(name, fn) {
    if (stopped) {
      failed++;
      console.log(`FAIL ${name}  (not run: an earlier step failed)`);
      return;
    }
    const seen = errors.length;
    let note = '';
    let problems = [];
    try {
      const r = await fn();
      note = r?.note || '';
      problems = r?.problems || [];
    } catch (e) {
      problems = [e.message.split('\n')[0]];
      stopped = true;
    }
    problems.push(...errors.slice(seen));
    if (problems.length) {
      failed++;
      console.log(`FAIL ${name}${note ? `  ${note}` : ''}`);
      for (const p of problems) console.log(`  - ${p}`);
    } else {
      passed++;
      console.log(`ok   ${name}${note ? `  ${note}` : ''}`);
    }
  }

  let publisher;
  let admin;
  let chosen;
  let uploadUrl;
  let uploadId;
  let publicPath;
  let dataset;
  const { context, page } = await phone(browser, errors);

  await step('1. accounts: the treasury-accounts publisher and the admin', async () => {
    const accounts = readAccounts(accountsFile);
    publisher = accounts.find((a) => a.offices.includes(OFFICE));
    admin = accounts.find((a) => a.email === ADMIN);
    if (!publisher) throw new Error(`no account of office ${OFFICE} in ${accountsFile}`);
    if (!admin) throw new Error(`no ${ADMIN} in ${accountsFile}`);
    chosen = await chooseExport(base, inbox, outdir);
    return { note: `${publisher.email} (${publisher.role}); the export: ${chosen.how}` };
  });

  await step('2. /staff/sign-in: signs in and lands on /staff', async () => {
    const problems = await signIn(page, base, publisher, path.join(outdir, 'staff.sign-in.png'));
    await page.screenshot({ path: path.join(outdir, 'staff.home.png'), fullPage: true });
    return { problems };
  });

  await step(`3. /staff/publish: sends ${PIPELINE} with the export`, async () => {
    const res = await page.goto(`${base}/staff/publish`, { waitUntil: 'load', timeout: 60000 });
    if (!res || res.status() !== 200) throw new Error(`/staff/publish answered HTTP ${res ? res.status() : '?'}`);
    const problems = (await audit(page)).map((p) => `/staff/publish: ${p}`);
    await page.screenshot({ path: path.join(outdir, 'staff.publish.png'), fullPage: true });
    await page.selectOption('#pipeline', PIPELINE);
    await page.fill('#period', '');
    if (chosen.note) await page.fill('#note', chosen.note);
    await page.setInputFiles('#files', chosen.file);
    await Promise.all([
      page.waitForURL(/\/staff\/uploads\/[0-9a-f]+$/, { waitUntil: 'load', timeout: 120000 }),
      page.getByRole('button', { name: 'Upload and check' }).click(),
    ]);
    uploadUrl = page.url();
    uploadId = new URL(uploadUrl).pathname.split('/').pop();
    return { problems, note: `upload ${uploadId}` };
  });

  await step('4. the check ends: "checked: ready to publish" with its counts', async () => {
    const started = Date.now();
    const running = (await page.locator('#progress').count()) > 0;
    // staff.js reads the progress every second and reloads the page when the check ends.
    await page.locator('#progress').waitFor({ state: 'detached', timeout: CHECK_TIMEOUT_MS });
    await page.waitForLoadState('load');
    const took = ((Date.now() - started) / 1000).toFixed(1);
    await page.screenshot({ path: path.join(outdir, 'staff.upload.checked.png'), fullPage: true });
    const problems = [];
    const body = await page.locator('body').innerText();
    const status = await page.locator('h1 + p strong').first().innerText().catch(() => '?');
    if (!body.includes('checked: ready to publish')) {
      const message = await page.locator('p.notice').allTextContents().catch(() => []);
      const counts = body.match(/[\d,]+ rows read, [\d,]+ valid; [\d,]+ errors, [\d,]+ warnings/);
      const first = await page.locator('table.issues tbody tr').first().innerText({ timeout: 1000 }).catch(() => '');
      const why = [...message, counts ? counts[0] : '', first ? `first issue: ${first.replace(/\s+/g, ' ')}` : ''].filter(Boolean).join('; ');
      throw new Error(`the upload page says "${status}", not "checked: ready to publish"${why ? ` (${why.slice(0, 400)})` : ''}`);
    }
    const counts = body.match(/([\d,]+) rows read, ([\d,]+) valid; ([\d,]+) errors, ([\d,]+) warnings/);
    const num = (s) => Number(s.replace(/,/g, ''));
    if (!counts) {
      problems.push('the report\'s counts ("N rows read, N valid; N errors, N warnings") are not shown');
    } else {
      const [read, valid, errs] = [num(counts[1]), num(counts[2]), num(counts[3])];
      const expected = dataLines(chosen.file);
      if (read !== expected) problems.push(`${read} rows read, but the file has ${expected} data lines`);
      if (valid !== read) problems.push(`${valid} valid of ${read} rows read`);
      if (errs !== 0) problems.push(`${errs} errors in a check that passed`);
    }
    dataset = await page.locator('h1 + p code').first().innerText().catch(() => '');
    if (chosen.dataset && dataset !== chosen.dataset) problems.push(`the upload's dataset is "${dataset}", expected ${chosen.dataset}`);
    if (!chosen.dataset && !dataset.endsWith(chosen.month)) problems.push(`the upload's dataset is "${dataset}", not one of ${chosen.month}`);
    if (chosen.restates && !body.includes(`latest version ${chosen.restates}`)) {
      problems.push(`the page does not say it corrects version ${chosen.restates}`);
    }
    problems.push(...(await audit(page)).map((p) => `the upload page: ${p}`));
    return { problems, note: `${counts ? counts[0] : '?'}; ${running ? `progress shown, ended in ${took} s` : 'already done at the first load'}; ${dataset}` };
  });

  await step('5. "Publish": the page links to the public version', async () => {
    const note = page.locator('form[action$="/publish"] #note');
    const required = await note.evaluate((t) => t.required);
    if (required && !(await note.inputValue()).trim()) {
      await note.fill(chosen.note || 'Restatement by the staff browser check');
    }
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: 120000 }),
      page.locator('form[action$="/publish"] button[type=submit]').click(),
    ]);
    // The publish runs in the request, but the page may still say "publishing" for a moment.
    const link = page.locator('a[href^="/datasets/"][href*="/v/"]');
    for (let i = 0; i < 60 && (await link.count()) === 0 && (await page.locator('#progress').count()) > 0; i++) {
      await page.waitForTimeout(1000);
      await page.reload({ waitUntil: 'load' });
    }
    await page.screenshot({ path: path.join(outdir, 'staff.upload.published.png'), fullPage: true });
    if ((await link.count()) === 0) {
      const status = await page.locator('h1 + p strong').first().innerText().catch(() => '?');
      const message = await page.locator('p.notice').allTextContents().catch(() => []);
      throw new Error(`no link to /datasets/…/v/N after "Publish"; the page says "${status}"${message.length ? ` (${message.join(' ').slice(0, 300)})` : ''}`);
    }
    publicPath = await link.first().getAttribute('href');
    const m = publicPath.match(/^\/datasets\/([^/]+)\/v\/(\d+)$/);
    const problems = [];
    if (!m) problems.push(`the link is ${publicPath}, not /datasets/DATASET/v/N`);
    else {
      if (m[1] !== dataset) problems.push(`the link is to ${m[1]}, the upload was of ${dataset}`);
      if (chosen.restates && Number(m[2]) !== chosen.restates + 1) problems.push(`published as v${m[2]}, expected v${chosen.restates + 1}`);
    }
    if (!(await page.locator('h1 + p strong').first().innerText()).includes('published')) problems.push('the page does not say "published"');
    problems.push(...(await audit(page)).map((p) => `the published upload page: ${p}`));
    return { problems, note: publicPath };
  });

  await step('6. the public version answers 200 and shows the dataset', async () => {
    const res = await page.goto(base + publicPath, { waitUntil: 'load', timeout: 60000 });
    const problems = [];
    if (!res || res.status() !== 200) problems.push(`${publicPath} answered HTTP ${res ? res.status() : '?'}`);
    const body = await page.locator('body').innerText();
    if (!body.includes(dataset)) problems.push(`${publicPath} does not show ${dataset}`);
    if (chosen.note && !body.includes(chosen.note)) problems.push(`${publicPath} does not show the note "${chosen.note}"`);
    await page.screenshot({ path: path.join(outdir, `${slug(publicPath.slice(1))}.png`), fullPage: true });
    return { problems, note: `HTTP ${res ? res.status() : '?'}` };
  });
  await context.close();

  await step('7. the admin finds the publish in /staff/audit', async () => {
    const { context: adminContext, page: adminPage } = await phone(browser, errors);
    try {
      await signIn(adminPage, base, admin);
      const res = await adminPage.goto(`${base}/staff/audit?action=upload.publish`, { waitUntil: 'load', timeout: 60000 });
      if (!res || res.status() !== 200) throw new Error(`/staff/audit answered HTTP ${res ? res.status() : '?'}`);
      await adminPage.screenshot({ path: path.join(outdir, 'staff.audit.png'), fullPage: true });
      const rows = await adminPage.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
      // Columns: #, when, who, from, action, on what, outcome, detail.
      const version = publicPath.split('/').pop();
      const row = rows.find((r) => r[4] === 'upload.publish' && r[5] === uploadId);
      if (!row) throw new Error(`no upload.publish row for upload ${uploadId} among ${rows.length} row(s)`);
      const problems = (await audit(adminPage)).map((p) => `/staff/audit: ${p}`);
      for (const extra of ['/staff/accounts', '/staff?lang=sw', '/staff/audit?lang=sw']) {
        const r = await adminPage.goto(`${base}${extra}`, { waitUntil: 'load', timeout: 60000 });
        if (!r || r.status() !== 200) problems.push(`${extra} answered HTTP ${r ? r.status() : '?'}`);
        problems.push(...(await audit(adminPage)).map((p) => `${extra}: ${p}`));
      }
      await adminPage.goto(`${base}/staff/audit?action=upload.publish`, { waitUntil: 'load', timeout: 60000 });
      if (row[6] !== 'ok') problems.push(`its outcome is "${row[6]}", not ok`);
      if (!row[7].includes(`${dataset} v${version}`)) problems.push(`its detail "${row[7]}" does not name ${dataset} v${version}`);
      return { problems, note: `#${row[0]} ${row[2]}: ${row[7]}` };
    } finally {
      await adminContext.close();
    }
  });

  // A citizen files a report with a photo; the moderator approves it; the public sees it.
  let reference;
  await step('8. /report: a citizen sends a report with a photo from a phone', async () => {
    const { context: citizen, page: p } = await phone(browser, errors);
    try {
      const res = await p.goto(`${base}/report`, { waitUntil: 'load', timeout: 60000 });
      if (!res || res.status() !== 200) throw new Error(`/report answered HTTP ${res ? res.status() : '?'}`);
      const problems = (await audit(p)).map((x) => `/report: ${x}`);
      await p.screenshot({ path: path.join(outdir, 'report.form.png'), fullPage: true });
      const enctype = await p.locator('form[action="/report"]').getAttribute('enctype');
      if (enctype !== 'multipart/form-data') problems.push(`the form's enctype is ${enctype}, not multipart/form-data`);
      // A 1200 × 900 JPEG drawn by the browser itself: no file on disk, no extra package.
      const dataUrl = await p.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 1200;
        c.height = 900;
        const g = c.getContext('2d');
        const grad = g.createLinearGradient(0, 0, 1200, 900);
        grad.addColorStop(0, '#7a5c3a');
        grad.addColorStop(1, '#c9b38f');
        g.fillStyle = grad;
        g.fillRect(0, 0, 1200, 900);
        g.fillStyle = '#222';
        g.beginPath();
        g.ellipse(600, 500, 260, 120, 0, 0, 2 * Math.PI);
        g.fill();
        return c.toDataURL('image/jpeg', 0.85);
      });
      const jpeg = Buffer.from(dataUrl.split(',')[1], 'base64');
      const category = await p.locator('#category option[value]:not([value=""])').first().getAttribute('value');
      const ward = await p.locator('#ward option[value]:not([value=""])').first().getAttribute('value');
      await p.selectOption('#category', category);
      await p.fill('#text', 'Staff browser check: a pothole by the market gate, photo attached.');
      await p.selectOption('#ward', ward);
      await p.setInputFiles('#photo', { name: 'pothole.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      const [answer] = await Promise.all([
        p.waitForNavigation({ waitUntil: 'load', timeout: 60000 }),
        p.locator('form[action="/report"] button[type=submit]').click(),
      ]);
      await p.screenshot({ path: path.join(outdir, 'report.filed.png'), fullPage: true });
      if (!answer || answer.status() !== 200) {
        const said = await p.locator('.alert').allTextContents().catch(() => []);
        throw new Error(`sending the report answered HTTP ${answer ? answer.status() : '?'}${said.length ? ` (${said.join(' ').slice(0, 300)})` : ''}`);
      }
      reference = (await p.locator('strong.reference').first().innerText({ timeout: 5000 }).catch(() => '')).trim();
      if (!/^[A-Z]+-\d{4}-\d{6}$/.test(reference)) throw new Error(`no reference on the answer page (got "${reference}")`);
      return { problems, note: `${reference}: ${category} in ${ward}, a ${jpeg.length}-byte JPEG` };
    } finally {
      await citizen.close();
    }
  });

  await step('9. the moderator sees the pending photo and the assistant\'s suggestion, accepts it, publishes the report and shows the photo', async () => {
    const moderator = readAccounts(accountsFile).find((a) => a.role === 'moderator');
    if (!moderator) throw new Error(`no moderator in ${accountsFile}`);
    const { context: mc, page: p } = await phone(browser, errors);
    try {
      await signIn(p, base, moderator);
      const at = `${base}/staff/reports/${reference}`;
      const res = await p.goto(at, { waitUntil: 'load', timeout: 60000 });
      if (!res || res.status() !== 200) throw new Error(`/staff/reports/${reference} answered HTTP ${res ? res.status() : '?'}`);
      const img = p.locator(`img[src="/staff/reports/${reference}/photo.jpg"]`);
      const width = await img.evaluate((i) => (i.complete ? i.naturalWidth : 0)).catch(() => 0);
      if (!width) throw new Error('the pending photo is not shown to the moderator');
      const problems = (await audit(p)).map((x) => `/staff/reports/${reference}: ${x}`);
      await p.screenshot({ path: path.join(outdir, 'staff.report.photo.png'), fullPage: true });
      // The demo's assistant is trained: the report carries a suggestion, accepted in one click.
      const panel = p.locator('section.triage');
      if ((await panel.count()) !== 1) throw new Error('no triage suggestion on the staff report page');
      const suggested = (await panel.innerText()).replace(/\s+/g, ' ');
      if (!/confidence \d+%/.test(suggested)) problems.push(`the suggestion shows no confidence: "${suggested.slice(0, 200)}"`);
      await Promise.all([
        p.waitForNavigation({ waitUntil: 'load', timeout: 60000 }),
        p.locator(`form[action^="/staff/reports/${reference}/triage"] button[name=category]`).first().click(),
      ]);
      const accepted = await p.locator('section.triage').innerText();
      if (!accepted.includes('Suggestion accepted')) problems.push('after "Accept" the page does not say "Suggestion accepted"');
      await p.selectOption('#decision', 'publish');
      await Promise.all([
        p.waitForNavigation({ waitUntil: 'load', timeout: 60000 }),
        p.locator(`form[action="/staff/reports/${reference}/moderate"] button[type=submit]`).click(),
      ]);
      await Promise.all([
        p.waitForNavigation({ waitUntil: 'load', timeout: 60000 }),
        p.locator('button[name=decision][value=approve]').click(),
      ]);
      const body = await p.locator('body').innerText();
      if (!body.includes('shown with the report')) problems.push('after "Show the photo" the page does not say "shown with the report"');
      return { problems, note: `${moderator.email}: ${width} px wide when pending` };
    } finally {
      await mc.close();
    }
  });

  await step('10. the public report page shows the approved photo', async () => {
    const { context: pc, page: p } = await phone(browser, errors);
    try {
      const res = await p.goto(`${base}/reports/${reference}`, { waitUntil: 'load', timeout: 60000 });
      if (!res || res.status() !== 200) throw new Error(`/reports/${reference} answered HTTP ${res ? res.status() : '?'}`);
      const img = p.locator(`img[src="/reports/${reference}/photo.jpg"]`);
      if ((await img.count()) !== 1) throw new Error('no photo on the public report page');
      await img.scrollIntoViewIfNeeded();
      await p.waitForFunction((sel) => {
        const i = document.querySelector(sel);
        return i && i.complete && i.naturalWidth > 0;
      }, `img[src="/reports/${reference}/photo.jpg"]`, { timeout: 20000 });
      const attrs = await img.evaluate((i) => ({ w: i.getAttribute('width'), h: i.getAttribute('height'), loading: i.getAttribute('loading'), alt: i.alt, natural: i.naturalWidth }));
      const problems = (await audit(p)).map((x) => `/reports/${reference}: ${x}`);
      if (!attrs.w || !attrs.h || attrs.loading !== 'lazy' || !attrs.alt) problems.push(`the img has width=${attrs.w} height=${attrs.h} loading=${attrs.loading} alt="${attrs.alt}"`);
      await p.screenshot({ path: path.join(outdir, 'report.public.photo.png'), fullPage: true });
      return { problems, note: `${attrs.w} × ${attrs.h}, ${attrs.natural} px loaded` };
    } finally {
      await pc.close();
    }
  });

  await browser.close();
  console.log(`\nstaff_check: screenshots at 360 px in ${outdir}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
