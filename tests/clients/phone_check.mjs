#!/usr/bin/env node
// Phone-first browser check (issue 13): every page of the site, in English and Swahili, on
// a 360 × 740 phone (mobile emulation, deviceScaleFactor 2, touch) and a 1280 × 900
// desktop, in Debian's headless Chromium driven by playwright-core, with axe-core.
//
// usage: node tests/clients/phone_check.mjs BASE_URL OUTDIR [PATH...]
//
// Without PATHs it visits the site's pages listed in PAGES below. Each PATH is loaded with
// ?lang=en and ?lang=sw, at both sizes, and fails when:
//   * the page answers with HTTP >= 400 (except the pages listed as errors), or throws;
//   * the page scrolls sideways: document.documentElement.scrollWidth > its clientWidth
//     (in mobile emulation innerWidth stretches to an overflowing page, so it cannot be
//     the measure);
//   * at 360 px, an SVG <text> is drawn smaller than 12 CSS px (its computed font size
//     times the scale its SVG is drawn at, i.e. the size on the screen);
//   * axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa) finds any violation;
//   * a page that is not a map weighs over 50 KB compressed with its stylesheet (fetched
//     with Accept-Encoding: br, gzip; the bytes on the wire are counted);
//   * at 360 px, axe-core's WCAG 2.2 target-size rule (24 × 24 CSS px, or spaced so;
//     maps aside) finds a target too small, or a main action (the menu, the search and
//     filter buttons) is smaller than 44 × 44 px.
// Without PATHs it also files a report on a project through the form in each language at
// both sizes, and checks the same way the pages only a form reaches: "is it one of
// these?" when it comes, the answer with the private tracking link, and the tracking page.
// Then it measures Largest Contentful Paint on a slow 3G phone (400 kbps both ways,
// 400 ms round trip, CPU 4× slower, cold cache) for the five pages of LCP_PAGES, prints it,
// and fails over 2.5 s. Screenshots at 360 px (the whole page) go to OUTDIR.
//
// Nothing comes from a CDN: playwright-core and axe-core are installed by `npm ci` in web/
// (pinned in web/package-lock.json) and Chromium is Debian's (/usr/bin/chromium, or
// CHROMIUM=/path).

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');
const axeSource = require('axe-core').source;

const PAGES = [
  '/',
  '/datasets',
  '/datasets?q=road',
  '/datasets/projects',
  '/datasets/expenditure-2025-09',
  '/datasets/budget-2024-25/v/1',
  '/datasets/budget-2024-25/diff/1..2',
  '/protocol',
  '/ledger',
  '/projects',
  '/projects/MLM-MK-0001',
  '/projects/map',
  '/wards',
  '/wards/MLM-01',
  '/budget',
  '/budget?across=month',
  '/budget?across=ward',
  '/budget/payments?fy=2025-26&row=3711',
  '/revenue',
  '/revenue?by=month',
  '/services',
  '/audit',
  '/audit/flags',
  '/audit/projects/MLM-MK-0001/pack',
  '/audit/wards/MLM-01/pack',
  '/projects/MLM-MK-0001/notice',
  '/report',
  '/report?project=MLM-MK-0001',
  '/reports',
  '/reports/triage',
  '/staff/sign-in',
  '/datasets/nothing',
];
// Pages that answer with an error on purpose (the error page is checked like the others).
const ERROR_PAGES = new Set(['/datasets/nothing']);
// Maps: drawn by JavaScript over tiles, outside the byte budget.
const MAP_PAGES = new Set(['/projects/map']);
const LCP_PAGES = [
  '/',
  '/datasets/expenditure-2025-09',
  '/budget',
  '/projects/MLM-MK-0001',
  '/audit',
];
const LANGS = ['en', 'sw'];
const SIZES = [
  { name: '360', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  { name: '1280', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
];
const MIN_SVG_TEXT_PX = 12;
const MAX_PAGE_BYTES = 50 * 1024;
const MAX_LCP_MS = 2500;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL in software, for the interactive map (no GPU in CI).
  '--enable-unsafe-swiftshader',
];

function withLang(p, lang) {
  return p + (p.includes('?') ? '&' : '?') + 'lang=' + lang;
}

function slug(p) {
  return p.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'root';
}

/** The bytes on the wire for `url` asked with Accept-Encoding: br, gzip. */
function wireBytes(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve({ bytes: n, status: res.statusCode, encoding: res.headers['content-encoding'] || 'identity', body: null }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function text(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    }).on('error', reject);
  });
}

// Runs in the page: sideways scroll, SVG text drawn too small, small tap targets.
function measure(narrow) {
  const out = { scrollWidth: document.documentElement.scrollWidth, innerWidth: Math.min(window.innerWidth, document.documentElement.clientWidth), smallText: [], smallTargets: [], wide: [] };
  if (out.scrollWidth > out.innerWidth) {
    // Name the elements that stick out, to say what to fix.
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > out.innerWidth + 1 && r.width > 0 && !el.closest('.wide, .scroll')) {
        const parentOut = el.parentElement && el.parentElement.getBoundingClientRect().right > out.innerWidth + 1;
        if (!parentOut) out.wide.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''} (right edge ${Math.round(r.right)} px)`);
      }
      if (out.wide.length >= 5) break;
    }
  }
  if (!narrow) return out;
  for (const t of document.querySelectorAll('svg text')) {
    const style = getComputedStyle(t);
    if (style.display === 'none' || style.visibility === 'hidden' || !t.textContent.trim()) continue;
    const box = t.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const m = t.getScreenCTM();
    const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
    const drawn = parseFloat(style.fontSize) * scale;
    if (drawn < 12 - 0.05) out.smallText.push(`“${t.textContent.trim().slice(0, 30)}” at ${drawn.toFixed(1)} px`);
  }
  // Main actions: the menu, the search and filter buttons, at least 44 px high and wide.
  for (const el of document.querySelectorAll('details.menu > summary, button[type=submit]')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.width < 44 || r.height < 44) {
      out.smallTargets.push(`${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 25)}” ${Math.round(r.width)}×${Math.round(r.height)} (a main action: need 44 × 44)`);
    }
  }
  return out;
}

/** Measures the page in front of it (sideways scroll, SVG text, tap targets, axe-core) and
 * keeps its screenshot at 360 px under `shot`. */
async function inspect(page, outdir, shot, size, problems) {
  const m = await page.evaluate(measure, size.name === '360');
  if (m.scrollWidth > m.innerWidth) {
    problems.push(`scrolls sideways: ${m.scrollWidth} px wide in ${m.innerWidth} px` + (m.wide.length ? ` (sticking out: ${m.wide.join(', ')})` : ''));
  }
  if (m.smallText.length) problems.push(`${m.smallText.length} SVG text(s) under ${MIN_SVG_TEXT_PX} px: ${m.smallText.slice(0, 4).join('; ')}`);
  if (m.smallTargets.length) problems.push(`${m.smallTargets.length} small tap target(s): ${m.smallTargets.slice(0, 4).join('; ')}`);
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async ([tags, narrow]) => {
    const brief = (r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' '), summary: v.nodes[0] && v.nodes[0].failureSummary }));
    const found = brief(await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }));
    if (narrow) {
      // WCAG 2.2 target size (24 × 24, or spaced so), on a phone. Maps aside: each of
      // their links is also a link in the list or table next to them (the exception
      // for an equivalent control), and the interactive map has its own controls.
      const context = { exclude: [['figure.map'], ['#map']] };
      found.push(...brief(await window.axe.run(context, { runOnly: { type: 'rule', values: ['target-size'] }, resultTypes: ['violations'] })));
    }
    return found;
  }, [AXE_TAGS, size.name === '360']);
  for (const v of axe) {
    problems.push(`axe ${v.id} (${v.impact}, ${v.nodes} node(s)), e.g. ${v.target}: ${(v.summary || '').replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  if (size.name === '360') {
    await page.screenshot({ path: path.join(outdir, `${shot}.360.png`), fullPage: true });
  }
}

async function newContext(browser, size) {
  return browser.newContext({
    viewport: size.viewport,
    deviceScaleFactor: size.deviceScaleFactor,
    isMobile: size.isMobile,
    hasTouch: size.hasTouch,
  });
}

async function checkPage(browser, base, outdir, p, lang, size, problems, notes) {
  const context = await newContext(browser, size);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
  const url = base + withLang(p, lang);
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const status = res ? res.status() : 0;
    if (status >= 400 && !ERROR_PAGES.has(p)) problems.push(`HTTP ${status}`);
    if (MAP_PAGES.has(p)) await page.waitForTimeout(1500);
    await inspect(page, outdir, `${slug(p)}.${lang}`, size, problems);
  } catch (e) {
    problems.push(`failed: ${e.message.split('\n')[0]}`);
  }
  problems.push(...errors);
  await context.close();
}

// Reports the flow files, one per language and size: under the per-address limit of 10 a
// minute.
const FLOW_TEXT = {
  en: 'Work on this project stopped last month, no workers and no machines on site.',
  sw: 'Kazi ya mradi huu imesimama tangu mwezi uliopita, hakuna wafanyakazi wala mashine.',
};

/** The pages a form leads to, which no link reaches: a citizen files a report on a
 * project (past the "is it one of these?" page when it comes), gets the answer with the
 * private tracking link, and opens that link. Each page is checked as the others. */
async function checkFlow(browser, base, outdir, lang, size, problems) {
  const context = await newContext(browser, size);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
  const step = async (name, check) => {
    const before = problems.length;
    await check();
    for (let i = before; i < problems.length; i++) problems[i] = `${name}: ${problems[i]}`;
  };
  try {
    await page.goto(base + withLang('/report?project=MLM-MK-0001', lang), { waitUntil: 'load', timeout: 60000 });
    await page.selectOption('#category', 'works-stalled');
    await page.fill('#text', FLOW_TEXT[lang]);
    await Promise.all([page.waitForNavigation(), page.locator('form:has(#text) button[type=submit]').click()]);
    if (await page.locator('input[name=confirm]').count()) {
      await step('similar reports', () => inspect(page, outdir, `flow-similar.${lang}`, size, problems));
      await Promise.all([page.waitForNavigation(), page.locator('form:has(input[name=confirm]) button[type=submit]').click()]);
    }
    const link = page.locator('a.tracking');
    if ((await link.count()) !== 1) {
      problems.push(`the answer to a filed report has no tracking link (${page.url()})`);
    } else {
      await step('report filed', () => inspect(page, outdir, `flow-filed.${lang}`, size, problems));
      await Promise.all([page.waitForNavigation(), link.click()]);
      if (!/\/track\/[0-9a-f]+$/.test(new URL(page.url()).pathname)) problems.push(`the tracking link led to ${page.url()}`);
      await step('tracking page', () => inspect(page, outdir, `flow-track.${lang}`, size, problems));
    }
  } catch (e) {
    problems.push(`failed: ${e.message.split('\n')[0]}`);
  }
  problems.push(...errors);
  await context.close();
}

async function lcp(browser, base, p) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1000) / 8,
    uploadThroughput: (400 * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(base + withLang(p, 'en'), { waitUntil: 'load', timeout: 120000 });
  await page.waitForTimeout(500);
  const value = await page.evaluate(() => window.__lcp);
  await context.close();
  return value;
}

async function main() {
  const [base0, outdir, ...given] = process.argv.slice(2);
  if (!base0 || !outdir) {
    console.error('usage: node tests/clients/phone_check.mjs BASE_URL OUTDIR [PATH...]');
    process.exit(2);
  }
  const base = base0.replace(/\/+$/, '');
  const pages = given.length ? given : PAGES;
  mkdirSync(outdir, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS, headless: true });
  const cssHref = (await text(base + '/')).match(/rel="stylesheet" href="([^"]+)"/)?.[1];
  const css = cssHref ? await wireBytes(base + cssHref) : { bytes: 0, encoding: '?' };
  let checks = 0;
  let failed = 0;
  let flows = 0;
  const sizes = [];
  for (const p of pages) {
    for (const lang of LANGS) {
      const problems = [];
      const notes = [];
      if (!MAP_PAGES.has(p)) {
        const doc = await wireBytes(base + withLang(p, lang));
        const total = doc.bytes + css.bytes;
        sizes.push({ page: withLang(p, lang), total });
        notes.push(`${(total / 1024).toFixed(1)} KB with its stylesheet (${doc.encoding})`);
        if (total > MAX_PAGE_BYTES) problems.push(`${total} bytes with its stylesheet, over ${MAX_PAGE_BYTES}`);
      }
      for (const size of SIZES) {
        const before = problems.length;
        await checkPage(browser, base, outdir, p, lang, size, problems, notes);
        for (let i = before; i < problems.length; i++) problems[i] = `@${size.name}: ${problems[i]}`;
        checks++;
      }
      const label = withLang(p, lang);
      if (problems.length) {
        failed++;
        console.log(`FAIL ${label}  ${notes.join('; ')}`);
        for (const msg of problems) console.log(`  - ${msg}`);
      } else {
        console.log(`ok   ${label}  ${notes.join('; ')}`);
      }
    }
  }
  if (!given.length) {
    for (const lang of LANGS) {
      const problems = [];
      for (const size of SIZES) {
        const before = problems.length;
        await checkFlow(browser, base, outdir, lang, size, problems);
        for (let i = before; i < problems.length; i++) problems[i] = `@${size.name}: ${problems[i]}`;
        checks++;
      }
      flows++;
      const label = `filing a report and following its link (${lang})`;
      if (problems.length) {
        failed++;
        console.log(`FAIL ${label}`);
        for (const msg of problems) console.log(`  - ${msg}`);
      } else {
        console.log(`ok   ${label}`);
      }
    }
  }
  console.log(`\nstylesheet: ${css.bytes} bytes (${css.encoding}); largest pages with it:`);
  for (const s of sizes.sort((a, b) => b.total - a.total).slice(0, 5)) console.log(`  ${(s.total / 1024).toFixed(1)} KB  ${s.page}`);
  console.log(`\nLargest Contentful Paint, 360 px phone, 400 kbps, 400 ms RTT, CPU 4× slower, cold cache:`);
  let slow = 0;
  const lcpPages = given.length ? LCP_PAGES.filter((p) => given.includes(p)) : LCP_PAGES;
  for (const p of lcpPages) {
    let ms;
    try {
      ms = await lcp(browser, base, p);
    } catch (e) {
      console.log(`  FAIL ${p}: ${e.message.split('\n')[0]}`);
      slow++;
      continue;
    }
    const over = !(ms > 0) || ms > MAX_LCP_MS;
    if (over) slow++;
    console.log(`  ${over ? 'FAIL' : 'ok  '} ${(ms / 1000).toFixed(2)} s  ${p}`);
  }
  await browser.close();
  const pairs = pages.length * LANGS.length + flows;
  const flowed = flows ? ` and ${flows} form flows` : '';
  console.log(`\nphone_check: ${pages.length} pages${flowed} × ${SIZES.length} sizes = ${checks} loads; screenshots at 360 px in ${outdir}`);
  console.log(`phone_check: ${pairs - failed + lcpPages.length - slow} passed, ${failed + slow} failed`);
  process.exit(failed + slow ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
