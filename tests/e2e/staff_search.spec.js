// The staff search in a real browser: an officer signs in through the login form
// (sent there from /staff/search), finds a withheld word the public search does not
// find, sees the hit marked 「非公開部分を含む」, narrows by a staff-only facet (the
// restriction's review date has come), follows a hit to the full staff view, and
// axe-core finds no violations on /staff/search. Run by run.sh after the other specs.
"use strict";

const assert = require("assert/strict");
const { base, launchBrowser, axeCheck, shot, watchCsp } = require("./support");
const officer = { name: process.env.OFFICER || "e2e-officer", password: process.env.OFFICER_PASSWORD };

(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });

  step("the public search does not find a withheld word", async () => {
    await page.goto(base + "/search?q=" + encodeURIComponent("秘匿語甲"));
    assert.equal(await page.locator(".hits .hit").count(), 0);
  });

  step("a signed-out visitor is sent to the login and comes back to the staff search", async () => {
    await page.goto(base + "/staff/search");
    assert.match(page.url(), /\/staff\/login\?next=/);
    await page.getByLabel("ユーザー名").fill(officer.name);
    await page.getByLabel("パスワード").fill(officer.password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(/\/staff\/search$/);
    assert.equal(await page.getByRole("link", { name: "全件検索（職員用）" }).count() > 0, true);
  });

  step("the officer finds the withheld word; the hit is marked withheld", async () => {
    await page.getByLabel("職員用索引を検索").fill("秘匿語甲");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "検索", exact: true }).click()]);
    const hit = page.locator(".hits .hit", { hasText: "恩給裁定通知（秘匿題名）" });
    assert.equal(await hit.count(), 1);
    assert.match(await hit.innerText(), /非公開部分を含む/);
    assert.equal(await hit.locator('a[href="/staff/records/fx-v3-001"]').count(), 1);
    await shot(page, "staff-search-withheld");
    await axeCheck(page, "staff search with a withheld hit");
  });

  step("a staff-only facet narrows the results: review due", async () => {
    await page.goto(base + "/staff/search?q=" + encodeURIComponent("解除語戊 OR 秘匿語甲"));
    assert.equal(await page.locator(".hits .hit").count(), 2);
    const facet = page.locator("section.facet-review");
    await Promise.all([page.waitForNavigation(), facet.getByRole("link", { name: "見直し期限到来" }).click()]);
    assert.match(page.url(), /review=due/);
    assert.match(await page.locator(".active-filters").innerText(), /制限の見直し: 見直し期限到来/);
    // 戦死公報's review date (2020-03-31) has come; 恩給裁定通知's (2044-03-31) has not.
    const titles = await page.locator(".hits .hit-title").allInnerTexts();
    assert.deepEqual(titles.map((t) => t.trim()), ["戦死公報（解除題名）"]);
    for (const text of await page.locator(".hits .hit").allInnerTexts()) assert.match(text, /非公開部分を含む/);
    await shot(page, "staff-search-review-due");
    await axeCheck(page, "staff search with a staff-only filter");
  });

  step("a hit leads to the full staff view of the record", async () => {
    await Promise.all([
      page.waitForNavigation(),
      page.locator('.hits a[href="/staff/records/fx-v3-002"]').first().click(),
    ]);
    assert.match(page.url(), /\/staff\/records\/fx-v3-002$/);
    assert.match(await page.locator("body").innerText(), /理由解除/);
  });

  step("the staff search page has no axe-core violations, in English too", async () => {
    await page.goto(base + "/staff/search?lang=en&q=" + encodeURIComponent("召集令状"));
    await axeCheck(page, "staff search (en)");
  });

  let passed = 0;
  let failed = 0;
  for (const s of steps) {
    try {
      await s.fn();
      assert.deepEqual(cspErrors, [], "CSP violations");
      passed++;
      console.log(`ok - ${s.name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${s.name}\n  ${String(e && e.message ? e.message : e).split("\n").join("\n  ")}`);
      try {
        await shot(page, "failed-staff-search");
      } catch (_) {
        // best effort
      }
      break;  // the steps build on each other
    }
  }
  await browser.close();
  const skipped = steps.length - passed - failed;
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
