// The 細目録 editor in a real browser: an archivist signs in (sent there from the
// table), Enter moves to the same column of the next row and adds a row after the
// last, three rows copied from a spreadsheet are pasted into one cell and fill the
// rows from there down (a row added as needed), a row moves up, the table is saved
// at once and the public search finds a pasted title; a bad date is refused in its
// row; axe-core finds no violations on the table, its error page, nor in English.
// Run by run.sh with the other specs.
"use strict";

const assert = require("assert/strict");
const { base, launchBrowser, axeCheck, shot, watchCsp } = require("./support");
const archivist = { name: process.env.ARCHIVIST || "e2e-archivist", password: process.env.ARCHIVIST_PASSWORD };
const table = "/staff/records/fx-v2/items";
const pasted = "1\t題名一\t昭和30年\n2\t題名二\t昭和31年\n3\t題名三\t昭和32年";

(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });
  const rows = () => page.locator("table.item-table tbody tr");
  const cell = (row, col) => rows().nth(row).locator(`[data-col="${col}"]`);
  const focusedId = () => page.evaluate(() => document.activeElement && document.activeElement.id);

  step("a signed-out archivist is sent to the login and comes back to the table", async () => {
    await page.goto(base + table);
    assert.match(page.url(), /\/staff\/login\?next=/);
    await page.getByLabel("ユーザー名").fill(archivist.name);
    await page.getByLabel("パスワード").fill(archivist.password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(/\/staff\/records\/fx-v2\/items$/);
    assert.equal(await rows().count(), 6);  // three items, three spare rows
    assert.equal(await cell(0, "title").inputValue(), "臨時会会議録");
    assert.match(await page.locator(".column-hint").innerText(), /件番号 → 標題 → 年月日/);
    // The script's buttons: move up and down in every row, add a row below.
    assert.equal(await page.getByRole("button", { name: "上へ（1行目）" }).count(), 1);
    assert.equal(await page.getByRole("button", { name: "行を追加" }).count(), 1);
    await shot(page, "item-table");
    await axeCheck(page, "item table");
  });

  step("Enter moves to the same column of the next row, and adds a row after the last", async () => {
    await page.getByLabel("標題（1行目）").focus();
    await page.keyboard.press("Enter");
    assert.equal(await focusedId(), await cell(1, "title").getAttribute("id"));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");  // row 4, a spare row
    assert.equal(await focusedId(), await cell(3, "title").getAttribute("id"));
    await cell(5, "date").focus();
    await page.keyboard.press("Enter");
    assert.equal(await rows().count(), 7);
    assert.equal(await focusedId(), await cell(6, "date").getAttribute("id"));
    assert.equal(await page.getByLabel("年月日（和暦・西暦）（7行目）").count(), 1);
    assert.equal(page.url(), base + table);  // Enter did not submit the form
  });

  step("three rows pasted from a spreadsheet fill the rows from the cell down, adding a row", async () => {
    // Into row 5's first cell: rows 5, 6 and 7 are filled, and with 7 rows there is
    // room; paste again into row 6 to need an eighth row.
    const paste = (row, text) =>
      cell(row, "seq").evaluate((el, t) => {
        const data = new DataTransfer();
        data.setData("text/plain", t);
        el.focus();
        el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      }, text);
    await paste(4, pasted);
    assert.equal(await cell(4, "title").inputValue(), "題名一");
    assert.equal(await cell(5, "title").inputValue(), "題名二");
    assert.equal(await cell(6, "date").inputValue(), "昭和32年");
    assert.equal(await cell(6, "seq").inputValue(), "3");
    assert.equal(await rows().count(), 7);
    await paste(5, pasted);  // overwrites rows 6 and 7, appends row 8
    assert.equal(await rows().count(), 8);
    assert.equal(await cell(5, "title").inputValue(), "題名一");
    assert.equal(await cell(7, "title").inputValue(), "題名三");
    assert.equal(await cell(7, "date").inputValue(), "昭和32年");
    assert.equal(await cell(4, "title").inputValue(), "題名一");  // above the paste: untouched
    // Row 5 was pasted over by nothing else; clear it so the table holds each title once.
    for (const col of ["seq", "title", "date"]) await cell(4, col).fill("");
    assert.equal(await page.getByLabel("標題（8行目）").count(), 1);
  });

  step("a row moves up with its button", async () => {
    await page.getByRole("button", { name: "上へ（8行目）" }).click();
    assert.equal(await cell(6, "title").inputValue(), "題名三");
    assert.equal(await cell(7, "title").inputValue(), "題名二");
    await page.getByRole("button", { name: "下へ（7行目）" }).click();
    assert.equal(await cell(7, "title").inputValue(), "題名三");
  });

  step("a bad date is refused in its row and nothing is saved", async () => {
    await cell(6, "date").fill("昭和99年");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "細目録を保存する" }).click()]);
    assert.match(await page.locator(".error-summary").innerText(), /どの行も保存していません/);
    const bad = page.getByLabel("年月日（和暦・西暦）（7行目）");
    assert.equal(await bad.getAttribute("aria-invalid"), "true");
    const described = await bad.getAttribute("aria-describedby");
    assert.match(await page.locator("#" + described.split(" ").pop()).innerText(), /昭和/);
    // The rows as typed are kept, the other dates read back in 和暦 with 西暦.
    assert.equal(await cell(7, "title").inputValue(), "題名三");
    assert.match(await page.locator("table.item-table").innerText(), /読み取り：昭和32年1月1日 \(1957-01-01\)/);
    await shot(page, "item-table-error");
    await axeCheck(page, "item table with a row's problem");
    const api = await page.request.get(base + "/api/search?q=" + encodeURIComponent("題名二"));
    assert.equal((await api.json()).total, 0);
  });

  step("the table is saved at once and the public search finds a pasted title", async () => {
    await page.getByLabel("年月日（和暦・西暦）（7行目）").fill("昭和31年");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "細目録を保存する" }).click()]);
    assert.match(page.url(), /\/staff\/records\/fx-v2\/items\?saved=6&added=3&changed=0&deleted=0$/);
    assert.match(await page.locator(".notice").innerText(), /6行を保存しました（追加 3、修正 0、削除 0）/);
    assert.equal(await cell(3, "title").inputValue(), "題名一");
    assert.equal(await cell(4, "title").inputValue(), "題名二");
    assert.equal(await cell(5, "title").inputValue(), "題名三");
    await page.goto(base + "/search?q=" + encodeURIComponent("題名二"));
    const hit = page.locator(".hits .hit", { hasText: "題名二" });
    assert.equal(await hit.count(), 1);
  });

  step("the table has no axe-core violations in English either", async () => {
    await page.goto(base + table + "?lang=en");
    assert.equal(await page.getByRole("button", { name: "Up, row 1" }).count(), 1);
    await axeCheck(page, "item table (en)");
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
        await shot(page, "failed-item-table");
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
