// The preservation planning list in a real browser: an archivist signs in through the
// login form (sent there from /staff/preservation), sees the volumes never fumigated
// first, narrows the list to one fonds and to one condition with the form, and axe-core
// finds no violations on the page, in Japanese and in English. Run by run.sh.
"use strict";

const assert = require("assert/strict");
const { base, launchBrowser, axeCheck, shot, watchCsp } = require("./support");
const archivist = { name: process.env.ARCHIVIST || "e2e-archivist", password: process.env.ARCHIVIST_PASSWORD };

(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });
  const rows = () => page.locator("table.preservation-plan tbody tr");
  const column = async (n) =>
    (await page.locator(`table.preservation-plan tbody tr td:nth-child(${n})`).allInnerTexts()).map((t) => t.trim());

  step("a signed-out visitor is sent to the login and comes back to the list", async () => {
    await page.goto(base + "/staff/preservation");
    assert.match(page.url(), /\/staff\/login\?next=/);
    await page.getByLabel("ユーザー名").fill(archivist.name);
    await page.getByLabel("パスワード").fill(archivist.password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(/\/staff\/preservation$/);
    assert.equal((await page.getByRole("link", { name: "保存計画" }).count()) > 0, true);
  });

  step("the volumes never fumigated come first", async () => {
    assert.equal((await rows().count()) > 0, true);
    const last = await column(6);
    assert.equal(last[0], "未実施");
    // Once a fumigated volume appears, no never-fumigated one follows it.
    const firstDone = last.findIndex((t) => t !== "未実施");
    if (firstDone >= 0) assert.equal(last.slice(firstDone).includes("未実施"), false);
    await shot(page, "preservation-list");
    await axeCheck(page, "preservation list");
  });

  step("the form narrows the list to one fonds, then to one condition", async () => {
    await page.getByLabel("文書群").selectOption("fx-sagamihara");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "絞り込む" }).click()]);
    assert.match(page.url(), /fonds=fx-sagamihara/);
    const fonds = await column(3);
    assert.equal(fonds.length > 0, true);
    for (const f of fonds) assert.equal(f, "fx-sagamihara");
    const condition = page.getByLabel("状態", { exact: true });
    const good = await condition.locator("option", { hasText: "良好" }).getAttribute("value");
    await condition.selectOption(good);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "絞り込む" }).click()]);
    const conditions = await column(4);
    assert.equal(conditions.length > 0, true);
    for (const c of conditions) assert.equal(c, "良好");
    assert.equal(await page.getByLabel("文書群").inputValue(), "fx-sagamihara");
    await shot(page, "preservation-filtered");
    await axeCheck(page, "preservation list, filtered");
  });

  step("a row leads to the volume's full staff view", async () => {
    const link = rows().first().locator("a");
    const href = await link.getAttribute("href");
    assert.match(href, /^\/staff\/records\//);
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.equal(new URL(page.url()).pathname, href);
  });

  step("the page has no axe-core violations in English", async () => {
    await page.goto(base + "/staff/preservation?lang=en&since=2014");
    assert.match(await page.locator("h1").innerText(), /Preservation planning list/);
    await axeCheck(page, "preservation list (en)");
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
        await shot(page, "failed-preservation");
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
