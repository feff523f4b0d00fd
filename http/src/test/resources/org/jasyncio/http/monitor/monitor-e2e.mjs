// Opens the jasyncio monitor page in headless Chromium (Debian's, driven by playwright-core), waits
// until the Server-Sent Events have shown the expected tasks and slow step, checks the tree, and takes a
// screenshot. Prints one JSON line of what it saw; MonitorBrowserTest asserts on it.
// Usage: node monitor-e2e.mjs URL PARENT_TASK CHILD_TASK SLOW_TASK SCREENSHOT.png
import { chromium } from 'playwright-core';

const [url, parent, child, slow, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  const requests = [];
  page.on('request', r => requests.push(r.url()));
  await page.goto(url);
  try {
    await page.waitForSelector(`li.task[data-task="${parent}"] li.task[data-task="${child}"]`, { timeout: 30000 });
    await page.waitForFunction(name => document.getElementById('slow').textContent.includes(name), slow, { timeout: 30000 });
  } catch (e) {
    // say what the page showed and what the server sends, so that a failure explains itself
    const shown = await page.evaluate(() => ({
      status: document.getElementById('status').textContent,
      loops: document.getElementById('loops').textContent,
      slow: document.getElementById('slow').textContent,
    }));
    const snapshot = await (await fetch(new URL('snapshot.json', url))).text();
    console.error(`${e.message}\npage: ${JSON.stringify(shown)}\nerrors: ${JSON.stringify(errors)}\nsnapshot.json: ${snapshot}`);
    throw new Error('the monitor page did not show the expected tasks and slow step');
  }
  const seen = await page.evaluate(([parent, child]) => {
    const c = document.querySelector(`li.task[data-task="${parent}"] li.task[data-task="${child}"]`);
    return {
      status: document.getElementById('status').textContent,
      child: c.querySelector(':scope > .name').textContent,
      childState: c.querySelector(':scope > .state').textContent,
      childVia: c.querySelector(':scope > .via').textContent,
      childFrames: c.querySelector(':scope > .frames').textContent,
      loops: document.getElementById('loops').textContent,
      slow: document.getElementById('slow').textContent,
    };
  }, [parent, child]);
  await page.screenshot({ path: screenshot, fullPage: true });
  seen.errors = errors;
  seen.requests = requests;
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
