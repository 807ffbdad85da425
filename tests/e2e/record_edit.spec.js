// The record editor in a real browser: an archivist signs in, corrects a title written
// in 旧字体 and a 和暦 date (the parsed interval is shown beside the field as it is
// typed), and the public search finds the new title at once; restricts an item and
// its name disappears from public search and the record page; a second session's save
// over the same record is refused with the difference; the history restores the
// earlier title. axe-core finds no violations on the editor and the history.
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

async function publicHits(page, q) {
  await page.goto(base + "/search?q=" + encodeURIComponent(q));
  return page.locator(".hits .hit").count();
}

(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  const second = await other.newPage();
  page.setDefaultTimeout(10000);
  second.setDefaultTimeout(10000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  watchCsp(second, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });

  step("an archivist signs in and opens the editor from the full record", async () => {
    await signIn(page);
    await page.goto(base + "/staff/records/fx-v1-002");
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "この記録を修正する" }).click()]);
    assert.match(page.url(), /\/staff\/records\/fx-v1-002\/edit$/);
    assert.equal(await page.getByLabel("標題", { exact: true }).inputValue(), "國民學校建設ニ關スル件");
    await axeCheck(page, "record editor");
  });

  step("the 和暦 date is read as it is typed, and a wrong one says why", async () => {
    const date = page.getByLabel("年月日（和暦・西暦、書かれたとおり）");
    await date.fill("昭和99年");
    await page.locator("#date-parsed", { hasText: "読み取れません" }).waitFor();
    await date.fill("昭和十九年三月");
    await page.locator("#date-parsed", { hasText: "1944-03-01" }).waitFor();
    assert.match(await page.locator("#date-parsed").innerText(), /昭和19年3月1日/);
  });

  step("the corrected 旧字体 title is found by the public search at once", async () => {
    await page.getByLabel("標題", { exact: true }).fill("國民學校增築ニ關スル件");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "保存する" }).click()]);
    assert.match(page.url(), /\/history\?saved=2$/);
    await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    await axeCheck(page, "record history");
    assert.equal(await publicHits(page, "国民学校増築"), 1);
    await page.goto(base + "/records/fx-v1-002");
    assert.match(await page.locator("main").innerText(), /國民學校增築ニ關スル件/);
  });

  step("restricting an item takes its name off public search and the record page", async () => {
    assert.ok((await publicHits(page, "神奈川縣廳")) >= 1);
    await page.goto(base + "/records/fx-v1-001");
    assert.match(await page.locator("main").innerText(), /神奈川縣廳/);
    await page.goto(base + "/staff/records/fx-v1-001/edit");
    await page.getByLabel("区分").selectOption("restricted");
    await page.getByLabel("個人情報").check();
    await page.getByLabel("再審査の期日（YYYY-MM-DD）").fill("2040-04-01");
    await page.getByLabel("理由（職員用）").fill("個人の氏名を含む");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "保存する" }).click()]);
    await page.goto(base + "/records/fx-v1-001");
    assert.doesNotMatch(await page.locator("main").innerText(), /神奈川縣廳/);
    await page.goto(base + "/search?q=" + encodeURIComponent("神奈川縣廳"));
    assert.equal(await page.locator(".hits .hit", { hasText: "縣廳往復文書" }).count(), 0);
  });

  step("two sessions edit one record: the second is refused with the difference", async () => {
    await signIn(second);
    await page.goto(base + "/staff/records/fx-v2-001/edit");
    await second.goto(base + "/staff/records/fx-v2-001/edit");
    await page.getByLabel("標題", { exact: true }).fill("先に保存した題名");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "保存する" }).click()]);
    await second.getByLabel("備考（職員用）").fill("後から保存しようとした備考");
    await Promise.all([second.waitForNavigation(), second.getByRole("button", { name: "保存する" }).click()]);
    const alert = second.getByRole("alert").filter({ hasText: "変更されています" });
    await alert.waitFor();
    assert.match(await alert.innerText(), /先に保存した題名/);
    assert.equal(await second.getByLabel("備考（職員用）").inputValue(), "後から保存しようとした備考");
    await shot(second, "record-edit-conflict");
    await axeCheck(second, "record editor with a conflict");
  });

  step("the history restores the earlier title", async () => {
    await page.goto(base + "/staff/records/fx-v1-002/history");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "この版に戻す 1" }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    assert.equal(await publicHits(page, "国民学校建設"), 1);
    assert.equal(await publicHits(page, "国民学校増築"), 0);
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
        await shot(page, "failed-record-edit");
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
