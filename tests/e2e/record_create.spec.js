// Creating and moving records in a real browser: an archivist follows 「下位に簿冊を
// 追加」 from a series' full record, the 和暦 date is read as it is typed, the new
// volume is found by the public search at once; it is moved under another series
// and its history lists the move. axe-core finds no violations on the new-record
// form, the record page with its move form, and the history.
"use strict";

const assert = require("assert/strict");
const { base, launchBrowser, axeCheck, shot, watchCsp } = require("./support");
const archivist = { name: process.env.ARCHIVIST || "e2e-archivist", password: process.env.ARCHIVIST_PASSWORD };

async function signIn(page) {
  await page.goto(base + "/staff/login");
  await page.getByLabel("ユーザー名").fill(archivist.name);
  await page.getByLabel("パスワード").fill(archivist.password);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "ログイン" }).click()]);
}

(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });

  step("an archivist opens the new-volume form from a series' full record", async () => {
    await signIn(page);
    await page.goto(base + "/staff/records/fx-gikai");
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "下位に簿冊を追加" }).click()]);
    assert.match(page.url(), /\/staff\/records\/new\?level=volume&parent=fx-gikai$/);
    await axeCheck(page, "new record form");
  });

  step("a volume is created with a 和暦 date and the public search finds it at once", async () => {
    await page.getByLabel("ID（英数字・ハイフン、後から変えられません）").fill("e2e-new-vol");
    await page.getByLabel("標題", { exact: true }).fill("ブラウザ新設簿冊");
    const date = page.getByLabel("年月日（和暦・西暦、書かれたとおり）");
    await date.fill("昭和三十年度");
    await page.locator("#date-parsed", { hasText: "1955-04-01" }).waitFor();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "作成する" }).click()]);
    assert.match(page.url(), /\/staff\/records\/e2e-new-vol$/);
    await axeCheck(page, "new record's page with its move form");
    await page.goto(base + "/search?q=" + encodeURIComponent("ブラウザ新設簿冊"));
    assert.equal(await page.locator(".hits .hit").count(), 1);
  });

  step("an id in use is refused beside the field and what was typed stays", async () => {
    await page.goto(base + "/staff/records/new?level=volume&parent=fx-gikai");
    await page.getByLabel("ID（英数字・ハイフン、後から変えられません）").fill("e2e-new-vol");
    await page.getByLabel("標題", { exact: true }).fill("二冊目");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "作成する" }).click()]);
    assert.match(await page.locator("#e-id").innerText(), /e2e-new-vol/);
    assert.equal(await page.getByLabel("標題", { exact: true }).inputValue(), "二冊目");
    await axeCheck(page, "new record form with a problem");
  });

  step("the volume moves under another series and its history lists the move", async () => {
    await page.goto(base + "/staff/records/e2e-new-vol");
    await page.getByLabel("移動先の上位のID").fill("fx-heiji");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "移動する" }).click()]);
    assert.match(page.url(), /\/staff\/records\/e2e-new-vol\/history/);
    const text = await page.locator("main").innerText();
    assert.match(text, /移動/);
    assert.match(text, /fx-heiji/);
    await axeCheck(page, "history after a move");
    await page.goto(base + "/records/e2e-new-vol");
    assert.match(await page.locator("nav.breadcrumbs").innerText(), /兵事/);
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
        await shot(page, "failed-record-create");
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
