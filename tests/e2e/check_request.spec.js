// "Check my request" in a real browser (docs/requests.md, "Mail"): a citizen sends a
// request with an e-mail address, the receipt page says the link was mailed too and
// points to the check page, the receipt mail (from the real SMTP server run.sh starts,
// its messages in MAIL_DIR) holds the status link, which opens the status page; the
// citizen asks for a fresh link on the check page, gets the same answer page as anyone
// would, receives the new link, which works while the old one no longer does. The page
// in Japanese, in English and on a 375 px phone: screenshots in tests/e2e/artifacts/,
// axe-core finds no violations, nothing trips the Content-Security-Policy.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { base, launchBrowser, axeCheck, shot, watchCsp, exitWith, runSteps } = require("./support");

const mailDir = process.env.MAIL_DIR;
const address = "lost.link.e2e@example.jp";
const linkPattern = /https:\/\/archives\.example\.invalid(\/requests\/R\d{4}-\d{6}\?token=[0-9a-f]{64})/;

// The messages the SMTP server has taken for `to` whose subject holds `subject`.
function mails(to, subject) {
  return fs
    .readdirSync(mailDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(mailDir, f), "utf8")))
    .filter((m) => m.rcpt_tos.includes(to) && m.subject.includes(subject));
}

async function waitForMail(to, subject, count) {
  for (let i = 0; i < 300; i++) {
    const found = mails(to, subject);
    if (found.length >= count) return found[count - 1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no message ${count} to ${to} with "${subject}"`);
}

exitWith(async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const cspErrors = [];
  watchCsp(page, cspErrors);
  const steps = [];
  const step = (name, fn) => steps.push({ name, fn });
  const state = {};

  step("a request with an e-mail address: the receipt page says the link was mailed too", async () => {
    await page.goto(base + "/requests/new?record=fx-v1-003");
    await page.getByLabel(/^氏名/).fill("相模 次郎");
    await page.getByLabel(/^住所/).fill("相模原市緑区橋本6-2-1");
    await page.getByLabel("メールアドレス").fill(address);
    await page.getByLabel("個人情報の取扱いについて同意します").check();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "利用請求を送信する" }).click()]);
    state.receipt = (await page.locator(".receipt-number").first().innerText()).trim();
    assert.match(state.receipt, /^R\d{4}-\d{6}$/);
    state.oldLink = await page.locator("a.status-link").getAttribute("href");
    assert.match(await page.locator("main").innerText(), /メールアドレスにもお送りしました/);
    assert.equal(await page.getByRole("link", { name: "請求の状況確認" }).count(), 1);
  });

  step("the receipt mail holds the status link, and it opens the status page", async () => {
    const m = await waitForMail(address, state.receipt, 1);
    const link = m.body.match(linkPattern);
    assert.ok(link, "no status link in the receipt mail");
    assert.equal(base + link[1], new URL(state.oldLink, base).href);
    await page.goto(base + link[1]);
    assert.match(await page.locator("h1").innerText(), new RegExp(state.receipt));
  });

  step("the check page in Japanese", async () => {
    await page.goto(base + "/requests/check");
    assert.equal(await page.locator("h1").innerText(), "請求の状況確認");
    await shot(page, "check-request-ja");
    await axeCheck(page, "check my request (ja)");
  });

  step("a form without the contact is refused with its reason", async () => {
    await page.getByLabel(/^受付番号/).fill(state.receipt);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "新しいリンクを送る" }).click()]);
    assert.match(await page.locator(".error-summary").innerText(), /両方を入力してください/);
    await axeCheck(page, "check my request with an error");
  });

  step("asking for a fresh link: the same answer, and the new link by mail", async () => {
    await page.getByLabel(/^受付番号/).fill(state.receipt);
    await page.getByLabel(/^メールアドレスまたは電話番号/).fill(address);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "新しいリンクを送る" }).click()]);
    const answer = await page.locator("[role=status]").innerText();
    assert.match(answer, /新しい状況確認用リンクをお送りしました/);
    assert.ok(!(await page.locator("main").innerText()).includes(address), "the address is shown back");
    await shot(page, "check-request-sent");
    await axeCheck(page, "check my request, sent");
    const m = await waitForMail(address, "新しいリンク", 1);
    const link = m.body.match(linkPattern);
    assert.ok(link, "no status link in the renewed-link mail");
    await page.goto(base + link[1]);
    assert.match(await page.locator("main").innerText(), /状況確認用リンクの再発行/);
    const old = await page.goto(new URL(state.oldLink, base).href);
    assert.equal(old.status(), 404);
  });

  step("the check page in English", async () => {
    await page.goto(base + "/requests/check?lang=en");
    assert.equal(await page.locator("h1").innerText(), "Check my request");
    assert.equal(await page.locator("form").getAttribute("action"), "/requests/check?lang=en");
    await shot(page, "check-request-en");
    await axeCheck(page, "check my request (en)");
  });

  step("the check page on a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(base + "/requests/check");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await shot(page, "check-request-phone");
    await axeCheck(page, "check my request (phone)");
  });

  const ok = await runSteps("check-request", steps, { page }, cspErrors);
  await browser.close();
  return ok;
});
