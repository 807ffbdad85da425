// A request about oneself (本人利用) in a real browser: a citizen asks for their
// grandfather's 恩給 file as his heir — the intake form's 本人 question, in Japanese,
// in English and on a phone (375 px); an officer accepts it, records the identity
// check (the document types seen, nothing else) and decides 一部利用 for anyone with
// the personal-information parts granted to this requester alone, which the form
// refuses before the check; a supervisor approves and notifies; the notice says
// 「本人からの利用請求であるため」 and the citizen's status page says so too, while the
// public record page still withholds the text. axe-core finds no violations on the
// changed pages (intake, review, notice, status), and no page trips the
// Content-Security-Policy. Screenshots: self-request-*.png. Run by run.sh.
"use strict";

const fs = require("fs");
const assert = require("assert/strict");
const { base, artifacts, launchBrowser, axeCheck, shot, watchCsp, exitWith, runSteps } = require("./support");
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

step("the intake form asks whether the request is about oneself (ja, en, phone)", async ({ citizen, english, phone }) => {
  await citizen.goto(base + "/requests/new?record=fx-v3-001");
  const question = citizen.getByRole("group", { name: "ご自身（本人）に関する記録の請求ですか" });
  await question.waitFor();
  assert.ok(await question.getByLabel("いいえ（本人としての請求ではない）").isChecked());
  await question.getByLabel("相続人").check();
  await shot(citizen, "self-request-intake-ja");
  await axeCheck(citizen, "intake with the 本人 question");

  await english.goto(base + "/requests/new?record=fx-v3-001&lang=en");
  const en = english.getByRole("group", { name: "Is this a request about yourself?" });
  await en.getByLabel("Heir").check();
  await shot(english, "self-request-intake-en");
  await axeCheck(english, "intake (en)");

  await phone.goto(base + "/requests/new?record=fx-v3-001");
  await phone.getByLabel("本人", { exact: true }).check();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the form is ${width}px wide on a 375px screen`);
  await shot(phone, "self-request-intake-phone");
  await axeCheck(phone, "intake (phone)");
});

step("the citizen sends the request as the heir", async ({ citizen }) => {
  await citizen.getByLabel(/^氏名/).fill("淵野辺 一郎");
  await citizen.getByLabel(/^住所/).fill("相模原市中央区淵野辺1-1-1");
  await citizen.getByLabel("メールアドレス").fill("ichiro@example.jp");
  await citizen.getByLabel("閲覧", { exact: true }).check();
  await citizen.getByLabel("個人情報の取扱いについて同意します").check();
  await citizen.getByRole("button", { name: "利用請求を送信する" }).click();
  await citizen.locator("a.status-link").waitFor();
  state.receipt = (await citizen.locator(".receipt-number").first().innerText()).trim();
  state.statusUrl = await citizen.locator("a.status-link").getAttribute("href");
});

step("the officer accepts, cannot grant before the identity check, and records it", async ({ officerPage }) => {
  await login(officerPage, officer);
  await officerPage.goto(base + "/staff/requests/" + state.receipt);
  await action(officerPage, "accept");
  const panel = officerPage.locator("#self-request");
  assert.match(await panel.innerText(), /相続人/);
  assert.match(await panel.innerText(), /本人確認はまだ記録されていません。/);

  // A 本人 grant before the check is refused, with the reason.
  const item = officerPage.locator("article.review-item", { hasText: "fx-v3-001" });
  let form = item.locator("form.decision-form");
  const fill = async (f) => {
    await f.getByLabel("決定", { exact: true }).selectOption("partial");
    await f.getByLabel("個人情報", { exact: true }).check();
    await f.getByLabel("根拠条項").fill("条例第17条第1項第1号イ");
    await f.getByLabel("理由", { exact: true }).fill("個人の恩給額が記録されているため");
    await f.getByLabel("頁（から） 1").fill("3");
    await f.getByLabel("頁（まで） 1").fill("4");
    await f.getByLabel("内容 1").fill("恩給額・家族構成");
    await f.getByLabel(/個人情報の部分を、本人からの利用請求であるため請求者に限り利用させる/).check();
  };
  await fill(form);
  await submit(officerPage, form.getByRole("button", { name: "決定を保存" }));
  form = item.locator("form.decision-form");
  assert.match(await form.locator(".error-summary").innerText(), /本人確認を記録してください。/);
  await axeCheck(officerPage, "review with a refused 本人 grant");

  // The check records the document types only.
  await officerPage.locator("#self-request").getByLabel("本人確認書類").selectOption("drivers_licence");
  await officerPage.locator("#self-request").getByLabel("資格を証する書類").selectOption("family_register");
  await submit(officerPage, officerPage.getByRole("button", { name: "本人確認を記録" }));
  const checked = await officerPage.locator("#self-request .identity-check").innerText();
  assert.match(checked, /運転免許証/);
  assert.match(checked, /戸籍謄本・除籍謄本など/);
  assert.match(checked, new RegExp(officer.name));
  await shot(officerPage, "self-request-identity-ja");
  await axeCheck(officerPage, "review with the identity check");
});

step("the officer decides for anyone and grants the personal parts to the requester", async ({ officerPage }) => {
  const item = officerPage.locator("article.review-item", { hasText: "fx-v3-001" });
  const form = item.locator("form.decision-form");
  await form.getByLabel("決定", { exact: true }).selectOption("partial");
  if (!(await form.getByLabel("個人情報", { exact: true }).isChecked())) {
    await form.getByLabel("個人情報", { exact: true }).check();
  }
  await form.getByLabel("根拠条項").fill("条例第17条第1項第1号イ");
  await form.getByLabel("理由", { exact: true }).fill("個人の恩給額が記録されているため");
  await form.getByLabel("頁（から） 1").fill("3");
  await form.getByLabel("頁（まで） 1").fill("4");
  await form.getByLabel("内容 1").fill("恩給額・家族構成");
  const self = form.getByLabel(/個人情報の部分を、本人からの利用請求であるため請求者に限り利用させる/);
  if (!(await self.isChecked())) await self.check();
  await submit(officerPage, form.getByRole("button", { name: "決定を保存" }));
  assert.equal(await officerPage.locator(".error-summary").count(), 0,
    (await officerPage.locator(".error-summary").allInnerTexts()).join(" "));
  const outcome = await item.locator(".outcome").innerText();
  assert.match(outcome, /一部利用/);
  assert.match(outcome, /本人からの利用請求であるため/);
  await axeCheck(officerPage, "review with the 本人 decision");
  await shot(officerPage, "self-request-review-ja");
  await officerPage.goto(base + "/staff/requests/" + state.receipt + "?lang=en");
  assert.match(await officerPage.locator("#self-request").innerText(), /Driving licence/);
  await shot(officerPage, "self-request-review-en");
  await axeCheck(officerPage, "review (en)");
  await officerPage.setViewportSize({ width: 375, height: 800 });
  await officerPage.goto(base + "/staff/requests/" + state.receipt);
  await shot(officerPage, "self-request-review-phone");
  await officerPage.setViewportSize({ width: 1280, height: 900 });
  await action(officerPage, "draft");
});

step("a supervisor approves and notifies; the notice says why", async ({ supervisorPage }) => {
  await login(supervisorPage, supervisor);
  await supervisorPage.goto(base + "/staff/requests/" + state.receipt);
  await action(supervisorPage, "approve");
  await action(supervisorPage, "notify");
  await supervisorPage.getByRole("link", { name: "決定通知書" }).click();
  await supervisorPage.waitForURL(/\/notices\/decision$/);
  // For this requester nothing is left withheld.
  assert.equal((await supervisorPage.locator("h1").innerText()).trim(), "利用決定通知書");
  const text = await supervisorPage.locator("main").innerText();
  assert.match(text, /本人からの利用請求であるため、個人情報が記録されている部分についても請求者に限り利用させます。/);
  assert.match(text, /一般の利用の制限に変更はありません。/);
  await shot(supervisorPage, "self-request-notice-ja");
  await axeCheck(supervisorPage, "notice (本人)");
  await supervisorPage.goto(base + "/staff/requests/" + state.receipt + "/notices/decision?lang=en");
  assert.match(await supervisorPage.locator("main").innerText(), /Because this is a request about the requester/);
  await shot(supervisorPage, "self-request-notice-en");
});

step("the status page says so; the public record page still withholds the text", async ({ citizen, phone }) => {
  await citizen.goto(state.statusUrl);
  assert.match(await citizen.locator("main").innerText(), /本人からの利用請求であるため/);
  await shot(citizen, "self-request-status-ja");
  await axeCheck(citizen, "status (本人)");
  await phone.goto(state.statusUrl);
  await shot(phone, "self-request-status-phone");
  await axeCheck(phone, "status (phone)");
  await citizen.goto(base + "/records/fx-v3-001");
  const page = await citizen.content();
  assert.doesNotMatch(page, /秘匿語甲|秘匿人名|秘匿題名/);
  await citizen.goto(base + "/search?q=" + encodeURIComponent("秘匿語甲"));
  assert.equal(await citizen.locator('.hits a[href="/records/fx-v3-001"]').count(), 0);
});

exitWith(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  assert.ok(officer.password && supervisor.password, "OFFICER_PASSWORD and SUPERVISOR_PASSWORD must be set");
  const browser = await launchBrowser();
  const pages = {};
  const cspErrors = [];
  const contexts = {
    citizen: { viewport: { width: 1280, height: 900 }, locale: "ja-JP" },
    english: { viewport: { width: 1280, height: 900 }, locale: "en-GB" },
    phone: { viewport: { width: 375, height: 740 }, locale: "ja-JP", isMobile: true, hasTouch: true },
    officerPage: { viewport: { width: 1280, height: 900 }, locale: "ja-JP" },
    supervisorPage: { viewport: { width: 1280, height: 900 }, locale: "ja-JP" },
  };
  for (const [who, options] of Object.entries(contexts)) {
    const context = await browser.newContext(options);
    pages[who] = await context.newPage();
    pages[who].setDefaultTimeout(10000);
    watchCsp(pages[who], cspErrors);
  }
  const ok = await runSteps("self-request", steps, pages, cspErrors);
  await browser.close();
  return ok;
});
