// Shared by the browser specs: where the server and the artifacts are, Debian's
// chromium launched with the flags this closed network needs, axe-core checks,
// screenshots and the Content-Security-Policy watch.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { chromium } = require("playwright-core");

const base = process.env.MONJO_URL;
const artifacts = process.env.ARTIFACTS || path.join(__dirname, "artifacts");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Without the background-networking flags chromium keeps calling hosts this machine
// cannot reach; never a downloaded browser, always Debian's.
const chromiumOptions = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
};

function launchBrowser() {
  return chromium.launch(chromiumOptions);
}

function launchContext(options) {
  const profile = process.env.PROFILE_DIR || fs.mkdtempSync(path.join(require("os").tmpdir(), "monjo-profile-"));
  return chromium.launchPersistentContext(profile, { ...chromiumOptions, ...options });
}

async function axeCheck(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
  );
  const problems = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`
  );
  assert.equal(problems.length, 0, `axe on ${label}:\n  ${problems.join("\n  ")}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// Collects the console errors that report a Content-Security-Policy violation.
function watchCsp(page, errors) {
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
  });
}

// What a failure says, indented under its "not ok" line.
function failureText(e) {
  return String(e && e.message ? e.message : e).split("\n").join("\n  ");
}

// Runs a spec's main function and exits with its result: true passes; a throw fails.
function exitWith(main) {
  main()
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((e) => {
      console.error(e);
      console.log("0 passed, 1 failed");
      process.exit(1);
    });
}

// Independent tests, each on a fresh page of one context: a failure does not stop the
// others, and its page is saved as failed-<label>-<test>.png. Exits with the result.
function runTests(label, tests, contextOptions = { viewport: { width: 1280, height: 900 }, locale: "ja-JP" }) {
  exitWith(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    const context = await launchContext(contextOptions);
    let passed = 0;
    let failed = 0;
    for (const t of tests) {
      const page = await context.newPage();
      page.setDefaultTimeout(10000);
      const cspErrors = [];
      watchCsp(page, cspErrors);
      try {
        await t.fn(page);
        assert.deepEqual(cspErrors, [], "CSP violations");
        passed++;
        console.log(`ok - ${t.name}`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${t.name}\n  ${failureText(e)}`);
        try {
          await shot(page, `failed-${label}-` + t.name.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 60));
        } catch (_) {
          // a screenshot of a broken page is a nice-to-have
        }
      } finally {
        await page.close();
      }
    }
    await context.close();
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0;
  });
}

// Steps that build on each other, run in order until the first failure; `pages` names
// each page a step may use (all are saved as failed-<label>-<name>.png on a failure),
// `cspErrors` is what watchCsp() collected from them. Returns whether all passed.
async function runSteps(label, steps, pages, cspErrors) {
  let passed = 0;
  let failed = 0;
  for (const s of steps) {
    try {
      await s.fn(pages);
      assert.deepEqual(cspErrors, [], "CSP violations");
      passed++;
      console.log(`ok - ${s.name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${s.name}\n  ${failureText(e)}`);
      for (const [who, page] of Object.entries(pages)) {
        try {
          await shot(page, `failed-${label}-${who}`);
        } catch (_) {
          // best effort
        }
      }
      break;  // the steps build on each other
    }
  }
  const skipped = steps.length - passed - failed;
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return failed === 0;
}

module.exports = { base, artifacts, launchBrowser, launchContext, axeCheck, shot, watchCsp, exitWith, runTests, runSteps };
