// After the decision, in a real browser (docs/requests.md, "After the decision"): a
// citizen asks to view a record, an officer decides 全部利用 and a supervisor approves
// and notifies; the citizen's status page then offers the reading-room booking below
// the decisions, the citizen books the first free slot and sees the booking; an
// archivist signs in and opens that day's retrieval list (出納リスト), which lists the
// volume with its call number and location and prints on A4 landscape (PDF and a
// print-media screenshot). axe-core finds no violations on the status page (with the
// form and with the booking, in Japanese and English), the confirmation and the
// retrieval list; screenshots in Japanese, English and at 375 px wide go to
// tests/e2e/artifacts/. Run by run.sh.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { base, artifacts, launchBrowser, axeCheck, shot, watchCsp, exitWith, runSteps } = require("./support");
const officer = { name: process.env.OFFICER || "e2e-officer", password: process.env.OFFICER_PASSWORD };
const supervisor = { name: process.env.SUPERVISOR || "e2e-supervisor", password: process.env.SUPERVISOR_PASSWORD };
const archivist = { name: process.env.ARCHIVIST || "e2e-archivist", password: process.env.ARCHIVIST_PASSWORD };

// Signs in on the way to `target`, which the login then continues to.
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

step("a citizen asks to view a record and an officer and a supervisor grant it", async ({ citizen, officerPage, supervisorPage }) => {
  await citizen.goto(base + "/requests/new?record=fx-v2-001");
  await citizen.getByLabel(/^氏名/).fill("閲覧 太郎");
  await citizen.getByLabel(/^住所/).fill("相模原市中央区中央2-11-15");
  await citizen.getByLabel("メールアドレス").fill("taro@example.jp");
  await citizen.getByLabel("閲覧", { exact: true }).check();
  await citizen.getByLabel("個人情報の取扱いについて同意します").check();
  await citizen.getByRole("button", { name: "利用請求を送信する" }).click();
  await citizen.locator("a.status-link").waitFor();
  state.receipt = (await citizen.locator(".receipt-number").first().innerText()).trim();
  state.statusUrl = await citizen.locator("a.status-link").getAttribute("href");

  await login(officerPage, officer, "/staff/requests/" + state.receipt);
  await action(officerPage, "accept");
  const form = officerPage.locator("article.review-item", { hasText: "fx-v2-001" }).locator("form.decision-form");
  await form.getByLabel("決定", { exact: true }).selectOption("full");
  await submit(officerPage, form.getByRole("button", { name: "決定を保存" }));
  await action(officerPage, "draft");
  await login(supervisorPage, supervisor, "/staff/requests/" + state.receipt);
  await action(supervisorPage, "approve");
  await action(supervisorPage, "notify");
});

step("the status page offers the booking below the decisions, and the citizen books a slot", async ({ citizen }) => {
  await citizen.goto(state.statusUrl);
  const booking = citizen.locator("#booking");
  await booking.waitFor();
  // Decisions first, then the booking, then the steps (the appeal among them).
  const order = await citizen.evaluate(() => {
    const at = (sel) => [...document.querySelectorAll("main section")].findIndex((s) => s.matches(sel));
    return { items: at('[aria-labelledby="items-title"]'), booking: at("#booking"), actions: at("#actions") };
  });
  assert.ok(order.items < order.booking && order.booking < order.actions, JSON.stringify(order));
  await shot(citizen, "booking-status-ja");
  await axeCheck(citizen, "status with the booking form");
  const choice = citizen.getByLabel(/^日と時間帯/);
  const first = await choice.locator("option:not([disabled])[value*='/']").first().getAttribute("value");
  state.day = first.split("/")[0];
  await choice.selectOption(first);
  await submit(citizen, citizen.getByRole("button", { name: "予約する" }));
  assert.match(await citizen.locator("h1").innerText(), /閲覧室を予約しました/);
  await shot(citizen, "booking-done-ja");
  await axeCheck(citizen, "booking confirmation");
  await citizen.getByRole("link", { name: "請求の状況に戻る" }).click();
  await citizen.waitForURL(/\/requests\/R\d{4}-\d{6}\?token=/);
  assert.match(await booking.innerText(), /ご予約：/);
  assert.equal(await booking.locator("time").getAttribute("datetime"), state.day);
  assert.equal(await citizen.getByRole("button", { name: "予約を取り消す" }).count(), 1);
  assert.match(await citizen.locator(".history").innerText(), /閲覧室の予約/);
  await shot(citizen, "booking-held-ja");
  await axeCheck(citizen, "status with the booking");
});

step("the status page in English and on a phone", async ({ citizen, phone }) => {
  await citizen.goto(state.statusUrl + "&lang=en");
  assert.match(await citizen.locator("#booking").innerText(), /Your booking:/);
  await shot(citizen, "booking-held-en");
  await axeCheck(citizen, "status with the booking (English)");
  await phone.goto(state.statusUrl);
  await phone.locator("#booking").waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the status page is ${width}px wide on a 375px screen`);
  await shot(phone, "booking-held-phone");
});

step("an archivist prints the day's retrieval list with call number and location", async ({ archivistPage, phone }) => {
  const target = "/staff/reading-room?day=" + state.day;
  await login(archivistPage, archivist, target);
  assert.match(archivistPage.url(), /\/staff\/reading-room\?day=/);
  const row = archivistPage.locator("tr.retrieval-row", { hasText: state.receipt });
  await row.waitFor();
  assert.match(await row.innerText(), /歴F-0002/);
  assert.match(await row.innerText(), /第2書庫 1-4-2/);
  await shot(archivistPage, "retrieval-ja");
  await axeCheck(archivistPage, "retrieval list");
  await archivistPage.emulateMedia({ media: "print" });
  assert.equal(await archivistPage.locator(".site-header").isVisible(), false);
  assert.equal(await archivistPage.locator("form.retrieval-day-form").isVisible(), false);
  await shot(archivistPage, "retrieval-print");
  const pdf = path.join(artifacts, "retrieval-list.pdf");
  await archivistPage.pdf({ path: pdf, format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
  assert.ok(fs.statSync(pdf).size > 1000);
  await archivistPage.emulateMedia({ media: "screen" });
  await archivistPage.goto(base + target + "&lang=en");
  assert.match(await archivistPage.locator("h1").innerText(), /Retrieval list/);
  await shot(archivistPage, "retrieval-en");
  await axeCheck(archivistPage, "retrieval list (English)");
  // The phone signs in too, and sees the same list.
  await login(phone, archivist, target);
  await phone.locator("tr.retrieval-row", { hasText: state.receipt }).waitFor();
  await shot(phone, "retrieval-phone");
  await axeCheck(phone, "retrieval list (phone)");
});

exitWith(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  assert.ok(officer.password && supervisor.password && archivist.password,
    "OFFICER_PASSWORD, SUPERVISOR_PASSWORD and ARCHIVIST_PASSWORD must be set");
  const browser = await launchBrowser();
  const pages = {};
  const cspErrors = [];
  const viewports = { citizen: 1280, officerPage: 1280, supervisorPage: 1280, archivistPage: 1280, phone: 375 };
  for (const [who, width] of Object.entries(viewports)) {
    const context = await browser.newContext({ viewport: { width, height: width === 375 ? 812 : 900 }, locale: "ja-JP" });
    pages[who] = await context.newPage();
    pages[who].setDefaultTimeout(10000);
    watchCsp(pages[who], cspErrors);
  }
  const ok = await runSteps("reading-room", steps, pages, cspErrors);
  await browser.close();
  return ok;
});
