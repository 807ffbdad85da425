// What a citizen does on the portal, in a real browser: search in Japanese
// with a 旧字体 variant, refine with a facet, filter by a 和暦 date range, read a
// record with its breadcrumbs and 細目録, switch to English; axe-core finds no
// accessibility violations (WCAG 2.1 A/AA) on the home, results, record and 404
// pages, and no page trips the Content-Security-Policy. Run by run.sh.
"use strict";

const assert = require("assert/strict");
const { base, axeCheck, shot, runTests } = require("./support");

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

async function resultCount(page) {
  const text = await page.locator(".count[role=status]").innerText();
  // "1,234件中 1–20件を表示" / "Showing 1–20 of 1,234"
  const m = text.match(/([\d,]+)件中/) || text.match(/of ([\d,]+)/);
  assert.ok(m, `no count in "${text}"`);
  return Number(m[1].replace(/,/g, ""));
}

test("the home page shows the search box, the collection and the decade timeline", async (page) => {
  await page.goto(base + "/");
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  await page.getByRole("searchbox", { name: "キーワード" }).waitFor();
  assert.ok((await page.locator(".fonds-list li").count()) >= 2);
  assert.ok((await page.locator("svg.timeline rect.bar").count()) >= 2);
  await shot(page, "home");
  await axeCheck(page, "home");
});

test("the skip link is the first stop of the keyboard and moves to the main content", async (page) => {
  await page.goto(base + "/");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.className);
  assert.equal(focused, "skip-link");
  await page.keyboard.press("Enter");
  // Following an in-page link updates the URL after the key event returns.
  await page.waitForURL(/#main$/);
  assert.ok(page.url().endsWith("#main"));
});

test("a search in 新字体 finds the record catalogued in 旧字体", async (page) => {
  await page.goto(base + "/");
  await page.getByRole("searchbox", { name: "キーワード" }).fill("防空訓練実施");
  await page.getByRole("button", { name: "検索" }).click();
  await page.waitForURL(/\/search\?/);
  const link = page.locator('.hits a[href="/records/fx-v3-004"]');
  assert.equal(await link.count(), 1, "fx-v3-004 (防空訓練實施ニ關スル件) not found");
  assert.match(await link.innerText(), /實施/);
});

test("a 旧字体 query finds 新字体 and 旧字体 titles alike", async (page) => {
  await page.goto(base + "/search?q=" + encodeURIComponent("會議録"));
  const titles = await page.locator(".hit-title").allInnerTexts();
  assert.ok(titles.length > 0);
  assert.ok(titles.some((t) => t.includes("会議録")), "no 新字体 title among " + titles.join(" / "));
  assert.ok(titles.some((t) => t.includes("會議錄") || t.includes("會議録")), "no 旧字体 title");
  await shot(page, "results");
  await axeCheck(page, "results");
});

test("a facet link refines the results", async (page) => {
  await page.goto(base + "/search?q=" + encodeURIComponent("議会"));
  const before = await resultCount(page);
  await page.locator(".facet-level a", { hasText: "簿冊" }).first().click();
  await page.waitForURL(/level=volume/);
  const after = await resultCount(page);
  assert.ok(after > 0 && after < before, `volume facet: ${before} → ${after}`);
  const levels = await page.locator(".hit .meta").allInnerTexts();
  assert.ok(levels.every((t) => t.includes("簿冊")), levels.join(" / "));
  // The chosen facet can be removed again.
  await page.locator(".active-filters a.chip").first().click();
  assert.equal(await resultCount(page), before);
});

test("a 和暦 date range filters the results", async (page) => {
  await page.goto(base + "/search");
  const all = await resultCount(page);
  await page.getByLabel("期間（から）").fill("昭和19年");
  await page.getByLabel("期間（まで）").fill("昭和19年");
  await page.getByRole("button", { name: "検索" }).click();
  await page.waitForURL(/from=/);
  const filtered = await resultCount(page);
  assert.ok(filtered > 0 && filtered < all, `昭和19年: ${all} → ${filtered}`);
  // Every hit overlaps 1944 (checked through the JSON API with the same parameters).
  const api = await page.request.get(base + "/api/search" + new URL(page.url()).search + "&size=50&facets=0");
  const json = await api.json();
  for (const hit of json.hits) {
    assert.ok(hit.date.start <= "1944-12-31" && hit.date.end >= "1944-01-01", JSON.stringify(hit.date));
  }
});

test("a date that cannot be read gives a friendly notice", async (page) => {
  await page.goto(base + "/search?q=" + encodeURIComponent("兵事") + "&from=" + encodeURIComponent("昭和99年"));
  // A year past its era's end says why (docs/dates.md, "Search box").
  assert.match(await page.locator(".notice").innerText(), /「昭和99年」は読めないため（昭和は64年までです）、条件から外しました。/);
  await page.goto(base + "/search?q=" + encodeURIComponent("兵事") + "&from=" + encodeURIComponent("いつか"));
  assert.match(await page.locator(".notice").innerText(), /読み取れなかった/);
});

test("a record page shows breadcrumbs and the 細目録 of a volume", async (page) => {
  await page.goto(base + "/records/fx-v3");
  const crumbs = page.getByRole("navigation", { name: "現在位置" });
  assert.deepEqual(await crumbs.locator("a").allInnerTexts(), ["ホーム", "相模原町・相模原市役所文書", "兵事", "兵事関係書類"]);
  await page.getByRole("heading", { name: "細目録" }).waitFor();
  assert.equal(await page.locator("table.children tbody tr").count(), 4);
  // Each 件名 is listed with the number a reader cites it by (volume 歴F-0003, seq 1…).
  const listed = await page.locator("table.children").innerText();
  assert.ok(listed.includes("歴F-0003-001") && listed.includes("歴F-0003-004"), "no citable numbers in " + listed);
  await page.getByRole("link", { name: "利用請求", exact: true }).waitFor();
  await shot(page, "record");
  await axeCheck(page, "record");
  // Down into an item and back up through the breadcrumbs.
  await page.locator("table.children a", { hasText: "恩給裁定通知" }).click();
  await page.waitForURL(/fx-v3-001/);
  assert.match(await page.locator(".notice").innerText(), /目録の項目のみ/);
  await page.getByRole("navigation", { name: "現在位置" }).getByRole("link", { name: "兵事関係書類" }).click();
  await page.waitForURL(/\/records\/fx-v3$/);
});

test("the browse tree goes from the fonds down to the volumes", async (page) => {
  await page.goto(base + "/fonds/fx-sagamihara");
  assert.ok((await page.locator(".tree li.tree-series").count()) >= 2);
  // Series start collapsed (tests/e2e/browse.spec.js opens them).
  await page.locator('.tree a[href="/records/fx-v4"]').waitFor({ state: "attached" });
  await axeCheck(page, "browse");
});

test("English works from the language switch and links keep it", async (page) => {
  await page.goto(base + "/");
  await page.getByRole("link", { name: "English" }).click();
  await page.waitForURL(/lang=en/);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.getByRole("heading", { name: "Find historical public records" }).waitFor();
  await page.getByRole("searchbox", { name: "Keywords" }).fill("兵事");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/lang=en/);
  assert.match(await page.locator(".count[role=status]").innerText(), /Showing/);
  await page.locator(".hit-title a").first().click();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await shot(page, "record-en");
  await axeCheck(page, "record (English)");
});

test("an unknown page is a 404 in the site layout", async (page) => {
  const response = await page.goto(base + "/records/no-such-record");
  assert.equal(response.status(), 404);
  await page.getByRole("heading", { name: "ページが見つかりません" }).waitFor();
  await page.getByRole("searchbox").waitFor();
  await shot(page, "404");
  await axeCheck(page, "404");
});

test("the footer leads to the site guide, whose links reach the statistics and the developers' page", async (page) => {
  await page.goto(base + "/records/fx-v3");
  const footer = page.getByRole("contentinfo");
  assert.equal(await footer.locator('a[href$=".xml"], a[href^="/api/"]').count(), 0);
  await footer.getByRole("link", { name: "サイトの案内" }).click();
  await page.waitForURL(/\/guide$/);
  await page.getByRole("heading", { level: 1, name: "サイトの案内" }).waitFor();
  await page.getByRole("heading", { level: 2, name: "検索のしかた" }).waitFor();
  await shot(page, "guide");
  await axeCheck(page, "guide");
  await page.getByRole("main").getByRole("link", { name: "利用請求の統計" }).click();
  await page.waitForURL(/\/stats$/);
  await page.getByRole("heading", { level: 1, name: /利用請求の統計/ }).waitFor();
  await page.goBack();
  await page.getByRole("main").getByRole("link", { name: "開発者向け情報" }).click();
  await page.waitForURL(/\/developers$/);
  await page.getByRole("heading", { level: 2, name: "/oai" }).waitFor();
  await shot(page, "developers");
  await axeCheck(page, "developers");
});

test("the guide and the developers' page switch to English and keep it", async (page) => {
  await page.goto(base + "/guide");
  await page.getByRole("link", { name: "English" }).click();
  await page.waitForURL(/lang=en/);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.getByRole("heading", { level: 1, name: "About this site" }).waitFor();
  await axeCheck(page, "guide (English)");
  await page.getByRole("contentinfo").getByRole("link", { name: "For developers" }).click();
  await page.waitForURL(/\/developers\?lang=en$/);
  await page.getByRole("heading", { level: 1, name: "For developers" }).waitFor();
  await axeCheck(page, "developers (English)");
});

test("the page head links the favicon and /favicon.ico answers with it", async (page) => {
  await page.goto(base + "/");
  const href = await page.getAttribute('link[rel="icon"]', "href");
  assert.match(href, /^\/static\/favicon\.svg\?v=/);
  const icon = await page.request.get(base + href);
  assert.equal(icon.status(), 200);
  assert.equal(icon.headers()["content-type"], "image/svg+xml");
  const ico = await page.request.get(base + "/favicon.ico");
  assert.equal(ico.status(), 200);
  assert.equal(ico.headers()["content-type"], "image/svg+xml");
  assert.deepEqual(await ico.body(), await icon.body());
});

test("the layout reflows at 320px without horizontal scrolling", async (page) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const url of ["/", "/search?q=" + encodeURIComponent("議会"), "/records/fx-v3", "/guide", "/developers"]) {
    await page.goto(base + url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${url} overflows by ${overflow}px at 320px`);
  }
  await shot(page, "results-320px");
});

runTests("portal", tests);
