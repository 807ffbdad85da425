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

module.exports = { base, artifacts, launchBrowser, launchContext, axeCheck, shot, watchCsp };
