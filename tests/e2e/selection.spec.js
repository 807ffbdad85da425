// Selection and accession in a real browser (docs/selection.md): an archivist imports a
// department's retention-expiry list (a list with errors is refused first, every row
// named), marks rows in bulk with criteria of the table; the approval is not offered
// to the drafter; a supervisor approves; the 廃棄同意の通知 prints (PDF in artifacts);
// the archivist confirms the accession (one volume missing) and records a くん蒸 for the
// whole accession; the new volumes show on the staff search and not on the public
// one; the reports page shows the year. axe-core finds no violations on the new pages,
// in Japanese and in English. Run by run.sh.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { base, artifacts, launchBrowser, axeCheck, shot, watchCsp, exitWith, runSteps } = require("./support");
const supervisor = { name: process.env.SUPERVISOR || "e2e-supervisor", password: process.env.SUPERVISOR_PASSWORD };
const archivist = { name: process.env.ARCHIVIST || "e2e-archivist", password: process.env.ARCHIVIST_PASSWORD };

const header = "担当課,簿冊名,作成年度,保存期間,満了年度,文書番号,数量,備考\n";
const badList = header + "企画課,,平成25年度,10年,令和5年度,企-1,1,\n企画課,選別試験綴戊,平成25年度,10年,いつか,企-2,1,\n";
const goodList =
  header +
  "企画課,選別試験綴甲,平成25年度,10年,令和5年度,企-1,1,\n" +
  "企画課,選別試験綴乙,平成30年度,5年,令和5年度,企-2,1,\n" +
  "企画課,選別試験綴丙,平成30年度,5年,令和5年度,企-3,1,\n" +
  "企画課,選別試験綴丁,平成25年度,10年,令和5年度,企-4,2,\n";

async function login(page, who, target) {
  await page.goto(base + target);
  assert.match(page.url(), /\/staff\/login\?next=/);
  await page.getByLabel("ユーザー名").fill(who.name);
  await page.getByLabel("パスワード").fill(who.password);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "ログイン" }).click()]);
}

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), button.click()]);
}

async function upload(page, text) {
  await page.getByLabel("目録ファイル（CSV または XLSX）").setInputFiles({
    name: "企画課.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(text, "utf8"),
  });
  await submit(page, page.getByRole("button", { name: "取り込む" }));
}

async function mark(page, rows, outcome, criterion) {
  for (const r of rows) await page.locator(`input[name="rows"][value="${r}"]`).check();
  await page.locator("#mark-outcome").selectOption(outcome);
  await page.locator("#mark-criterion").selectOption(criterion);
  await submit(page, page.getByRole("button", { name: "選別を記録する" }));
  assert.equal(await page.locator(".error-summary").count(), 0,
    "marking was refused: " + (await page.locator(".error-summary").allInnerTexts()).join(" "));
}

const steps = [];
function step(name, fn) {
  steps.push({ name, fn });
}
const state = {};

step("an archivist's list with errors is refused, every row named", async ({ archivistPage }) => {
  await login(archivistPage, archivist, "/staff/selection");
  await archivistPage.getByRole("heading", { name: "選別（保存期間満了文書）" }).waitFor();
  await axeCheck(archivistPage, "selection list");
  await upload(archivistPage, badList);
  const problems = await archivistPage.locator(".error-summary li").allInnerTexts();
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(problems[0], /企画課\.csv:2: 簿冊名: empty/);
  assert.match(problems[1], /企画課\.csv:3: 満了年度/);
  await shot(archivistPage, "selection-refused");
  await axeCheck(archivistPage, "selection list with a refused upload");
});

step("the good list is imported and marked in bulk with criteria", async ({ archivistPage }) => {
  await upload(archivistPage, goodList);
  assert.match(archivistPage.url(), /\/staff\/selection\/\d+\?done=imported/);
  state.batchUrl = new URL(archivistPage.url()).pathname;
  await mark(archivistPage, [2, 3], "destroy", "routine");
  await mark(archivistPage, [1, 4], "transfer", "city_history");
  assert.equal(await archivistPage.locator("p.pending").count(), 4);
  // The drafter is not offered the approval.
  assert.equal(await archivistPage.getByRole("button", { name: "選別を承認する" }).count(), 0);
  await shot(archivistPage, "selection-batch-marked");
  await axeCheck(archivistPage, "selection batch");
});

step("a supervisor approves and the 廃棄 notice prints", async ({ supervisorPage }) => {
  await login(supervisorPage, supervisor, state.batchUrl);
  await supervisorPage.getByLabel("承認者のコメント（任意）").fill("審議会了承");
  await submit(supervisorPage, supervisorPage.getByRole("button", { name: "選別を承認する" }));
  assert.match(await supervisorPage.locator("p.notice").innerText(), /選別を承認しました/);
  const outcomes = await supervisorPage.locator("tr[data-row] strong.outcome").allInnerTexts();
  assert.deepEqual(outcomes.map((t) => t.trim()), ["移管", "廃棄", "廃棄", "移管"]);
  await submit(supervisorPage, supervisorPage.getByRole("link", { name: "廃棄同意の通知" }));
  await supervisorPage.getByRole("heading", { name: "廃棄同意の通知" }).waitFor();
  const listed = await supervisorPage.locator("table.doc-items tbody tr").allInnerTexts();
  assert.equal(listed.length, 2);
  assert.match(listed.join("\n"), /選別試験綴乙/);
  assert.match(listed.join("\n"), /選別試験綴丙/);
  await axeCheck(supervisorPage, "destruction notice");
  await supervisorPage.emulateMedia({ media: "print" });
  await shot(supervisorPage, "selection-destroy-notice");
  await supervisorPage.pdf({ path: path.join(artifacts, "selection-destroy-notice.pdf"), format: "A4", printBackground: true });
  await supervisorPage.emulateMedia({ media: "screen" });
});

step("the archivist confirms the accession and records a くん蒸 for all of it", async ({ archivistPage }) => {
  await archivistPage.goto(base + state.batchUrl);
  await submit(archivistPage, archivistPage.getByRole("link", { name: "受入の確認（移管された簿冊）" }));
  await axeCheck(archivistPage, "accession form");
  await archivistPage.locator('input[name="missing"][value="4"]').check();
  await archivistPage.getByLabel("登録先の資料群・シリーズ").selectOption("fx-gikai");
  await archivistPage.getByLabel("請求番号の接頭辞").fill("受E2E-");
  await archivistPage.getByLabel("配架場所").fill("書庫E2E");
  await submit(archivistPage, archivistPage.getByRole("button", { name: "受入を確定する" }));
  assert.match(archivistPage.url(), /\/staff\/accessions\/\d+$/);
  assert.match(await archivistPage.locator("dl.fields").innerText(), /到着 1件・未着 1件・一覧外 0件/);
  assert.equal(await archivistPage.locator('tr[data-status="missing"]').count(), 1);
  await archivistPage.getByLabel("内容").fill("到着時くん蒸");
  await submit(archivistPage, archivistPage.getByRole("button", { name: "記録する" }));
  assert.match(await archivistPage.locator("p.notice[role=status]").innerText(), /1冊に保存処置を記録しました/);
  await shot(archivistPage, "selection-accession");
  await axeCheck(archivistPage, "accession");
});

step("the new volume shows on the staff search, not on the public one", async ({ archivistPage, citizen }) => {
  await archivistPage.goto(base + "/staff/search?q=" + encodeURIComponent("選別試験綴甲"));
  const hit = archivistPage.getByRole("link", { name: /選別試験綴甲/ }).first();
  await hit.waitFor();
  await submit(archivistPage, hit);
  assert.match(await archivistPage.locator("main").innerText(), /選別リスト第\d+号 第1行: 移管/);
  await axeCheck(archivistPage, "new volume's staff record");
  await citizen.goto(base + "/search?q=" + encodeURIComponent("選別試験綴甲"));
  assert.equal(await citizen.getByRole("link", { name: /選別試験綴甲/ }).count(), 0);
});

step("the reports show the year, in Japanese and English", async ({ supervisorPage }) => {
  await supervisorPage.goto(base + "/staff/selection/reports");
  assert.match(await supervisorPage.locator("main").innerText(), /企画課/);
  assert.equal((await supervisorPage.locator("svg.chart").count()) > 0, true);
  await shot(supervisorPage, "selection-reports");
  await axeCheck(supervisorPage, "selection reports");
  await supervisorPage.goto(base + state.batchUrl + "?lang=en");
  assert.match(await supervisorPage.locator("h1").innerText(), /Selection list/);
  await axeCheck(supervisorPage, "selection batch (English)");
  await supervisorPage.goto(base + "/staff/selection/reports?lang=en");
  await axeCheck(supervisorPage, "selection reports (English)");
});

exitWith(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  assert.ok(supervisor.password && archivist.password, "SUPERVISOR_PASSWORD and ARCHIVIST_PASSWORD must be set");
  const browser = await launchBrowser();
  const pages = {};
  const cspErrors = [];
  for (const who of ["archivistPage", "supervisorPage", "citizen"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    pages[who] = await context.newPage();
    pages[who].setDefaultTimeout(10000);
    watchCsp(pages[who], cspErrors);
  }
  const ok = await runSteps("selection", steps, pages, cspErrors);
  await browser.close();
  return ok;
});
