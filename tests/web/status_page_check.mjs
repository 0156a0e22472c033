// The status page in Debian's chromium (playwright-core drives /usr/bin/chromium; no browser is
// downloaded). Against a live cutqueue started with a key, where the caller submitted a task
// whose draft URL (and so its error message) carries markup; the slow task is submitted here,
// once logged in:
//   - / without a key is the login form; a wrong key is refused; the right one sets an
//     HttpOnly cookie that scripts cannot read, and / shows the tasks;
//   - the running task's bar grows between two polls (DOM: data-progress and the bar's width);
//   - the markup shows as text and never runs;
//   - the completed task links its video: the link answers 200 video/mp4 and the page's
//     <video> plays it (readyState >= 2, currentTime advances).
// Screenshots go to <out-dir>/status_page_*.png.
// Usage: node status_page_check.mjs <base-url> <key> <slow-draft-url> <markup-draft-url> <out-dir>
// Prints one line per check that failed and "N passed, M failed"; exits 1 on any failure.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, key, slowUrl, markupUrl, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node status_page_check.mjs <base-url> <key> <slow-draft> <markup-draft> <out-dir>");
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.log("FAIL " + what);
  }
  return ok;
}

const profile = mkdtempSync(join(tmpdir(), "cutqueue-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 800 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--autoplay-policy=no-user-gesture-required"],
});
const shot = name => page.screenshot({ path: join(outDir, `status_page_${name}.png`), fullPage: true });
const page = context.pages()[0] || (await context.newPage());
const dialogs = [];
page.on("dialog", d => {
  dialogs.push(d.message());
  d.dismiss();
});

// Polls `fn` in the page until it returns a truthy value or `ms` pass; returns that value.
async function until(fn, arg, ms) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout: ms, polling: 100 });
    return await handle.jsonValue();
  } catch (e) {
    console.log("waiting: " + e.message.split("\n")[0]);
    return null;
  }
}

// The state of a task's row as the page shows it; put into the page as window.rowState (by
// the browser, so the page's Content-Security-Policy, which forbids eval, stays on).
const rowState = url =>
  (row => row && { status: row.dataset.status, progress: Number(row.querySelector(".bar").dataset.progress),
                   width: row.querySelector(".fill").getBoundingClientRect().width,
                   created: row.cells[3].textContent, updated: row.cells[4].textContent,
                   elapsed: row.cells[5].textContent, error: row.cells[6].textContent,
                   href: row.querySelector("a.video") && row.querySelector("a.video").href })(
    [...document.querySelectorAll("#tasks tr")].find(r => r.cells[1].textContent === url));

await context.addInitScript(`window.rowState = ${rowState.toString()};`);

try {
  // -- the key ---------------------------------------------------------------------------------
  let r = await page.goto(base + "/");
  check(r.status() === 401, "/ without a key answers 401, got " + r.status());
  check(await page.locator("form[action='/login'] input[name=key]").count() === 1, "/ without a key shows the login form");
  await shot("login");
  await page.fill("input[name=key]", "wrong-" + key);
  await Promise.all([page.waitForNavigation(), page.click("#login")]);
  check(await page.locator("input[name=key]").count() === 1, "a wrong key gets the login form again");
  await page.fill("input[name=key]", key);
  const [nav] = await Promise.all([page.waitForNavigation(), page.click("#login")]);
  check(nav && nav.status() === 200 && new URL(page.url()).pathname === "/", "the right key leads to / (200), at " + page.url());
  const cookie = (await context.cookies(base)).find(c => c.name === "cutqueue_key");
  check(cookie && cookie.httpOnly && cookie.sameSite === "Strict", "the key cookie is HttpOnly and SameSite=Strict: " + JSON.stringify(cookie));
  check(!(await page.evaluate(() => document.cookie)).includes("cutqueue_key"), "scripts cannot read the key cookie");

  // -- a running task's bar grows ----------------------------------------------------------------
  // Submitted only now, so that however slowly the browser started, the page sees it run.
  const submitted = await fetch(base + "/openapi/capcut-mate/v1/gen_video", {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + key },
    body: JSON.stringify({ draft_url: slowUrl }) });
  check(submitted.status === 200, "the slow task is accepted, got " + submitted.status);
  const first = await until(url => {
    const s = window.rowState(url);
    return s && s.status === "processing" && s.progress < 90 && s;
  }, slowUrl, 60000);
  check(first, "the slow task shows as processing with some progress");
  if (first) {
    await shot("running_1");
    // The bar's width eases over 0.4 s (CSS transition), so it is waited for, not read at the
    // moment the new progress arrives.
    const second = await until(([url, p, w]) => {
      const s = window.rowState(url);
      return s && s.progress > p && s.width > w && s;
    }, [slowUrl, first.progress, first.width], 30000);
    check(second, `the bar grows between polls: ${JSON.stringify(first)} then ` +
          JSON.stringify(await page.evaluate(url => window.rowState(url), slowUrl)));
    if (second) await shot("running_2");
    check(first.created !== "" && first.updated !== "" && /\d/.test(first.elapsed),
          "the row shows created, updated and elapsed times: " + JSON.stringify(first));
  }

  // -- markup in a draft URL and an error message stays text -------------------------------------
  const markup = await until(url => {
    const s = window.rowState(url);
    return s && s.status === "failed" && s;
  }, markupUrl, 60000);
  check(markup, "the task with markup in its URL is listed as failed");
  if (markup)
    check(markup.error.includes("<img"), "its error message shows the markup as text: " + markup.error);
  check(await page.evaluate(() => document.querySelectorAll("#tasks img, #tasks script").length) === 0,
        "no element came from the markup");
  check(await page.evaluate(() => window.__xss === undefined) && dialogs.length === 0, "the markup never ran");

  // -- the finished video plays ------------------------------------------------------------------
  const done = await until(url => {
    const s = window.rowState(url);
    return s && s.status === "completed" && s.href && s;
  }, slowUrl, 180000);
  check(done && done.progress === 100, "the slow task completes with 100% and a video link: " + JSON.stringify(done));
  if (done) {
    const video = await context.request.get(done.href);
    check(video.status() === 200 && video.headers()["content-type"] === "video/mp4",
          `the video link answers 200 video/mp4, got ${video.status()} ${video.headers()["content-type"]}`);
    const row = page.locator("#tasks tr", { hasText: slowUrl });
    await row.locator("button.play").click();
    const playing = await until(() => {
      const v = document.getElementById("video");
      return v.readyState >= 2 && v.currentTime > 0.3 && { readyState: v.readyState, currentTime: v.currentTime,
        width: v.videoWidth, height: v.videoHeight, duration: v.duration };
    }, undefined, 20000);
    const state = await page.evaluate(() => {
      const v = document.getElementById("video");
      return { readyState: v.readyState, currentTime: v.currentTime, error: v.error && v.error.message, src: v.currentSrc };
    });
    check(playing, "the page's <video> plays the MP4 (readyState >= 2, time advances): " + JSON.stringify(state));
    console.log("video in chromium: " + JSON.stringify(playing || state));
    await shot("completed");
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
