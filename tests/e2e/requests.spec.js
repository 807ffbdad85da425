// A use request from both sides, in a real browser: a citizen finds two
// records, puts both on the request list and sends the form, and keeps the status
// link; an officer signs in, accepts the request, drafts 一部利用 for one item and
// 全部利用 for the other — the decision form offers only the categories of the grounds
// ticked, says when a category's period is already over, and a refused save keeps
// every entry with its messages in Japanese — and finds no approve button (the
// drafter never approves) and no notice before approval;
// a supervisor approves and notifies; the 一部利用決定通知書 prints on A4 (PDF and a
// print-media screenshot); the citizen's status page shows each decision, and a second
// request is withdrawn from its status page. axe-core
// finds no violations on the intake, status, queue and review pages, and no page
// trips the Content-Security-Policy. Run by run.sh after portal.spec.js.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { base, artifacts, launchBrowser, axeCheck, shot, watchCsp } = require("./support");
const officer = { name: process.env.OFFICER || "e2e-officer", password: process.env.OFFICER_PASSWORD };
const supervisor = { name: process.env.SUPERVISOR || "e2e-supervisor", password: process.env.SUPERVISOR_PASSWORD };

async function login(page, who) {
  await page.goto(base + "/staff/requests");
  assert.match(page.url(), /\/staff\/login\?next=/);
  await page.getByLabel("ユーザー名").fill(who.name);
  await page.getByLabel("パスワード").fill(who.password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(/\/staff\/requests$/);
}

// Clicks a submit button and waits for the page the POST leads to.
async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), button.click()]);
}

async function action(page, code) {
  await submit(page, page.locator(`button[data-event="${code}"]`));
  assert.equal(await page.locator(".error-summary").count(), 0, `action ${code} was refused: ` +
    (await page.locator(".error-summary").allInnerTexts()).join(" "));
}

const steps = [];
function step(name, fn) {
  steps.push({ name, fn });
}

const state = {};

step("a citizen finds two records and puts both on the request list", async ({ citizen }) => {
  await citizen.goto(base + "/search?q=" + encodeURIComponent("防空訓練"));
  await citizen.locator('.hits a[href="/records/fx-v3-004"]').click();
  await citizen.waitForURL(/\/records\/fx-v3-004/);
  await citizen.getByRole("link", { name: "利用請求", exact: true }).click();
  await citizen.waitForURL(/\/requests\/new\?record=fx-v3-004/);
  await citizen.goto(base + "/search?q=" + encodeURIComponent("恩給"));
  await citizen.locator('.hits a[href="/records/fx-v3-001"]').click();
  await citizen.getByRole("link", { name: "利用請求", exact: true }).click();
  await citizen.waitForURL(/\/requests\/new\?record=fx-v3-001/);
  assert.equal(await citizen.locator('input[name="record"]:checked').count(), 2);
  await shot(citizen, "request-intake");
  await axeCheck(citizen, "intake");
});

step("the form asks for consent, then gives the receipt and the status link once", async ({ citizen }) => {
  await citizen.getByLabel(/^氏名/).fill("相模 花子");
  await citizen.getByLabel(/^住所/).fill("相模原市中央区中央2-11-15");
  await citizen.getByLabel("メールアドレス").fill("hanako@example.jp");
  await citizen.getByLabel("写しの交付").check();
  await citizen.getByRole("button", { name: "利用請求を送信する" }).click();
  await citizen.locator(".error-summary").waitFor();
  assert.match(await citizen.locator(".error-summary").innerText(), /同意が必要です/);
  await axeCheck(citizen, "intake with errors");
  await citizen.getByLabel("個人情報の取扱いについて同意します").check();
  await citizen.getByRole("button", { name: "利用請求を送信する" }).click();
  await citizen.locator(".receipt-number").first().waitFor();
  state.receipt = (await citizen.locator(".receipt-number").first().innerText()).trim();
  assert.match(state.receipt, /^R\d{4}-\d{6}$/);
  state.statusUrl = await citizen.locator("a.status-link").getAttribute("href");
  assert.match(state.statusUrl, /\/requests\/R\d{4}-\d{6}\?token=[0-9a-f]{64}$/);
  await shot(citizen, "request-receipt");
});

step("the status page shows the state and the deadline, and nothing personal", async ({ citizen }) => {
  await citizen.goto(state.statusUrl);
  assert.match(await citizen.locator(".state").innerText(), /受付/);
  assert.match(await citizen.locator("main").innerText(), /決定期限/);
  assert.doesNotMatch(await citizen.content(), /相模 花子|hanako@example\.jp|中央2-11-15/);
  await shot(citizen, "request-status-received");
  await axeCheck(citizen, "status");
});

step("an officer signs in and finds the request in the queue, sorted by deadline", async ({ officerPage }) => {
  await login(officerPage, officer);
  const link = officerPage.getByRole("link", { name: state.receipt });
  await link.waitFor();
  await shot(officerPage, "staff-queue");
  await axeCheck(officerPage, "queue");
  await link.click();
  await officerPage.waitForURL(new RegExp("/staff/requests/" + state.receipt));
  assert.match(await officerPage.locator(".requester").innerText(), /相模 花子/);
  await axeCheck(officerPage, "review");
});

step("the officer accepts, drafts 一部利用 and 全部利用, and cannot approve the draft", async ({ officerPage }) => {
  await action(officerPage, "accept");
  // Items are in the order the citizen listed them: find each by its record id.
  const item = (id) => officerPage.locator("article.review-item", { hasText: id });
  let restricted = item("fx-v3-001").locator("form.decision-form");
  await restricted.getByLabel("決定", { exact: true }).selectOption("partial");
  await restricted.getByLabel("個人情報").check();
  // Only the categories of the ground ticked are offered; the past period is said
  // before saving, with the review date the decision will get instead.
  const category = restricted.getByLabel("制限の区分（再審査の時期）");
  const offered = await category.locator("option:not([hidden])").allInnerTexts();
  assert.ok(offered.some((t) => /個人情報（一般）/.test(t)), offered.join(" / "));
  assert.ok(!offered.some((t) => /法人等情報/.test(t)), offered.join(" / "));
  await category.selectOption("personal-general");
  assert.match(await restricted.locator(".category-note").innerText(),
    /^この区分の期間は平成6年に満了しています。再審査の時期は令和\d+年1月1日 \(\d{4}-01-01\)になります。$/);
  await shot(officerPage, "staff-decision-past-period");
  // A refused save keeps every entry and says what is wrong, in Japanese.
  await restricted.getByLabel("理由", { exact: true }).fill("個人の恩給額が記録されているため");
  await restricted.getByLabel("頁（から） 1").fill("3");
  await restricted.getByLabel("頁（まで） 1").fill("4");
  await restricted.getByLabel("内容 1").fill("恩給額・家族構成");
  await restricted.getByLabel("再審査の時期（指定する場合）").fill("平成元年1月8日");
  await submit(officerPage, restricted.getByRole("button", { name: "決定を保存" }));
  restricted = item("fx-v3-001").locator("form.decision-form");
  const errors = await restricted.locator(".error-summary").innerText();
  assert.match(errors, /根拠条項を記入してください。/);
  assert.match(errors, /再審査の時期（1989-01-08）は決定日（\d{4}-\d\d-\d\d）より後にしてください。/);
  assert.doesNotMatch(errors, /[A-Za-z]{3,}/);  // no English in the Japanese page
  assert.equal(await restricted.getByLabel("理由", { exact: true }).inputValue(), "個人の恩給額が記録されているため");
  assert.equal(await restricted.getByLabel("内容 1").inputValue(), "恩給額・家族構成");
  assert.equal(await restricted.getByLabel("頁（から） 1").inputValue(), "3");
  assert.equal(await restricted.getByLabel("決定", { exact: true }).inputValue(), "partial");
  assert.ok(await restricted.getByLabel("個人情報").isChecked());
  assert.equal(await restricted.getByLabel("制限の区分（再審査の時期）").inputValue(), "personal-general");
  await shot(officerPage, "staff-decision-refused");
  await axeCheck(officerPage, "review with a refused decision");
  await restricted.getByLabel("根拠条項").fill("条例第17条第1項第1号イ");
  await restricted.getByLabel("再審査の時期（指定する場合）").fill("");
  await submit(officerPage, restricted.getByRole("button", { name: "決定を保存" }));
  assert.equal(await officerPage.locator(".error-summary").count(), 0);
  assert.match(await item("fx-v3-001").locator(".outcome").innerText(), /再審査の時期/);
  assert.match(await item("fx-v3-001").locator(".outcome").innerText(), /一部利用/);
  const open = item("fx-v3-004").locator("form.decision-form");
  await open.getByLabel("決定", { exact: true }).selectOption("full");
  await submit(officerPage, open.getByRole("button", { name: "決定を保存" }));
  assert.match(await item("fx-v3-004").locator(".outcome").innerText(), /全部利用/);
  await axeCheck(officerPage, "review with decisions");
  await action(officerPage, "draft");
  assert.match(await officerPage.locator(".state").innerText(), /起案/);
  assert.equal(await officerPage.locator('button[data-event="approve"]').count(), 0);
  assert.match(await officerPage.locator(".refused").innerText(), /決裁者/);
  // No notice before the decision is approved.
  assert.equal(await officerPage.getByRole("link", { name: "決定通知書" }).count(), 0);
  await shot(officerPage, "staff-review-drafted");
});

step("a supervisor approves and notifies the decision", async ({ supervisorPage }) => {
  await login(supervisorPage, supervisor);
  await supervisorPage.goto(base + "/staff/requests/" + state.receipt);
  await action(supervisorPage, "approve");
  assert.match(await supervisorPage.locator(".state").innerText(), /決裁/);
  await action(supervisorPage, "notify");
  assert.match(await supervisorPage.locator(".state").innerText(), /決定・通知/);
  await axeCheck(supervisorPage, "review (notified)");
});

step("the 一部利用決定通知書 prints on A4 with the right to appeal", async ({ officerPage }) => {
  await officerPage.goto(base + "/staff/requests/" + state.receipt);
  await officerPage.getByRole("link", { name: "決定通知書" }).click();
  await officerPage.waitForURL(/\/notices\/decision$/);
  assert.equal((await officerPage.locator("h1").innerText()).trim(), "一部利用決定通知書");
  assert.match(await officerPage.locator(".kyouji").innerText(), /審査請求/);
  await officerPage.emulateMedia({ media: "print" });
  assert.equal(await officerPage.locator(".site-header").isVisible(), false);
  await shot(officerPage, "notice-partial-use-print");
  await officerPage.pdf({ path: path.join(artifacts, "notice-partial-use.pdf"), format: "A4", printBackground: true });
  assert.ok(fs.statSync(path.join(artifacts, "notice-partial-use.pdf")).size > 1000);
  await officerPage.emulateMedia({ media: "screen" });
  await axeCheck(officerPage, "notice");
  await officerPage.goto(base + "/staff/requests/" + state.receipt + "/notices/decision?lang=en");
  assert.equal((await officerPage.locator("h1").innerText()).trim(), "Notice of decision to grant partial use");
  assert.match(await officerPage.locator(".kyouji").innerText(), /request for review/);
});

step("the citizen's status page shows the decision for each item", async ({ citizen }) => {
  await citizen.goto(state.statusUrl);
  assert.match(await citizen.locator(".state").innerText(), /決定・通知/);
  const row = (title) => citizen.locator("table.children tbody tr", { hasText: title });
  assert.match(await row("恩給裁定通知").innerText(), /一部利用/);
  assert.match(await row("恩給裁定通知").innerText(), /恩給額・家族構成/);
  assert.match(await row("防空訓練").innerText(), /全部利用/);
  assert.doesNotMatch(await citizen.content(), /相模 花子|hanako@example\.jp/);
  await shot(citizen, "request-status-decided");
  await axeCheck(citizen, "status (decided)");
});

step("the citizen withdraws a second request from its status page", async ({ citizen }) => {
  await citizen.goto(base + "/requests/new?record=fx-v3-004");
  await citizen.getByLabel(/^氏名/).fill("相模 花子");
  await citizen.getByLabel(/^住所/).fill("相模原市中央区中央2-11-15");
  await citizen.getByLabel("メールアドレス").fill("hanako@example.jp");
  // The medium is asked for copies only: hidden and disabled while 閲覧 is chosen.
  const medium = citizen.locator("#f-medium");
  await citizen.getByLabel("閲覧", { exact: true }).check();
  assert.equal(await medium.isVisible(), false);
  assert.equal(await citizen.locator("#f-medium-paper").isDisabled(), true);
  await citizen.getByLabel("写しの交付", { exact: true }).check();
  assert.equal(await medium.isVisible(), true);
  assert.equal(await citizen.locator("#f-medium-paper").isDisabled(), false);
  await citizen.getByLabel("閲覧", { exact: true }).check();
  await citizen.getByLabel("個人情報の取扱いについて同意します").check();
  await citizen.getByRole("button", { name: "利用請求を送信する" }).click();
  await citizen.locator("a.status-link").waitFor();
  const statusUrl = await citizen.locator("a.status-link").getAttribute("href");
  await citizen.goto(statusUrl);
  await citizen.getByLabel("取り下げると元に戻せないことを確認しました").check();
  await submit(citizen, citizen.getByRole("button", { name: "請求を取り下げる" }));
  assert.match(await citizen.locator("h1").innerText(), /請求を取り下げました/);
  await axeCheck(citizen, "withdrawal confirmation");
  await citizen.getByRole("link", { name: "請求の状況に戻る" }).click();
  await citizen.waitForURL(/\/requests\/R\d{4}-\d{6}\?token=/);
  assert.match(await citizen.locator(".state").innerText(), /取下げ/);
  assert.equal(await citizen.getByRole("button", { name: "請求を取り下げる" }).count(), 0);
  assert.doesNotMatch(await citizen.content(), /相模 花子|hanako@example\.jp/);
});

(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  assert.ok(officer.password && supervisor.password, "OFFICER_PASSWORD and SUPERVISOR_PASSWORD must be set");
  const browser = await launchBrowser();
  // Three people, three browsers' worth of cookies.
  const pages = {};
  const cspErrors = [];
  for (const who of ["citizen", "officerPage", "supervisorPage"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    pages[who] = await context.newPage();
    pages[who].setDefaultTimeout(10000);
    watchCsp(pages[who], cspErrors);
  }
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
      console.log(`not ok - ${s.name}\n  ${String(e && e.message ? e.message : e).split("\n").join("\n  ")}`);
      for (const [who, page] of Object.entries(pages)) {
        try {
          await shot(page, `failed-requests-${who}`);
        } catch (_) {
          // best effort
        }
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
