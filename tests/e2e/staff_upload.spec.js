// Importing a catalog file on the staff pages in a real browser: an archivist signs in
// (sent there from /staff/import), chooses a file with a new fonds, sees the preview
// (what would be added; the public search does not find its word yet), confirms, and
// the public search finds the word at once. axe-core finds no violations on the
// upload form, the preview and the result. Run by run.sh after the other specs: the
// file only adds a fonds of its own, so nothing they look at changes.
"use strict";

const assert = require("assert/strict");
const { base, launchBrowser, axeCheck, shot, watchCsp } = require("./support");
const archivist = { name: process.env.ARCHIVIST || "e2e-archivist", password: process.env.ARCHIVIST_PASSWORD };

const catalog = `<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:monjo:catalog:1" version="1">
  <fonds id="fx-e2e-upload">
    <title>ブラウザ取込試験文書</title>
    <access status="open"/>
    <volume id="fx-e2e-upload-v1">
      <title>取込試験語丑綴</title>
      <date normal="1960-04-01/1961-03-31">昭和35年度</date>
    </volume>
  </fonds>
</catalog>
`;

(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });
  const publicHits = async (word) => {
    await page.goto(base + "/search?q=" + encodeURIComponent(word));
    return page.locator(".hits .hit").count();
  };

  step("the public search does not find the word of the file", async () => {
    assert.equal(await publicHits("取込試験語丑"), 0);
  });

  step("a signed-out archivist is sent to the login and comes back to the import page", async () => {
    await page.goto(base + "/staff/import");
    assert.match(page.url(), /\/staff\/login\?next=/);
    await page.getByLabel("ユーザー名").fill(archivist.name);
    await page.getByLabel("パスワード").fill(archivist.password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(/\/staff\/import$/);
    await shot(page, "staff-import-form");
    await axeCheck(page, "staff import form");
  });

  step("the chosen file is checked and previewed; nothing changes yet", async () => {
    await page.getByLabel("目録ファイル").setInputFiles({
      name: "e2e-upload.xml",
      mimeType: "text/xml",
      buffer: Buffer.from(catalog, "utf8"),
    });
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "内容を確認する" }).click()]);
    assert.match(page.url(), /\/staff\/import\/[0-9a-f]{32}$/);
    await page.getByRole("heading", { name: "取り込むと変わる内容" }).waitFor();
    assert.equal((await page.locator(".import-added").innerText()).trim(), "2");
    assert.equal((await page.locator(".import-removed").innerText()).trim(), "0");
    assert.match(await page.locator(".import-fonds").innerText(), /fx-e2e-upload-v1/);
    assert.match(await page.locator(".import-fonds").innerText(), /新しい文書群/);
    await shot(page, "staff-import-preview");
    await axeCheck(page, "staff import preview");
    const preview = page.url();
    assert.equal(await publicHits("取込試験語丑"), 0);
    await page.goto(preview);
  });

  step("the confirm imports the file and the public search finds it at once", async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "取り込む", exact: true }).click()]);
    await page.getByRole("heading", { name: "取り込みました" }).waitFor();
    await shot(page, "staff-import-done");
    await axeCheck(page, "staff import result");
    assert.equal(await publicHits("取込試験語丑"), 1);
  });

  step("the import page has no axe-core violations in English either", async () => {
    await page.goto(base + "/staff/import?lang=en");
    await axeCheck(page, "staff import form (en)");
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
        await shot(page, "failed-staff-upload");
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
