// Browsing in a real browser (docs/portal.md, "Browsing"): a citizen opens a series of
// the tree in place and goes on to its own page, reads where a record sits in its
// context panel and moves to a sibling, and on a phone (375px) finds the search
// filters folded above the results and a volume's 細目録 as one block per row. axe-core
// finds nothing on each; no page trips the Content-Security-Policy. Screenshots:
// browse-ja, browse-en, record-context-ja, record-context-en, phone-results,
// phone-filters, phone-record. Run by run.sh.
"use strict";

const assert = require("assert/strict");
const { base, axeCheck, shot, runTests } = require("./support");

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

// Opens a series's disclosure of its contents.
async function toggle(summary) {
  await summary.click();
}

test("a series of the tree opens in place and links to its own page", async (page) => {
  await page.goto(base + "/fonds/fx-sagamihara");
  const series = page.locator(".tree > li.tree-series");
  assert.equal(await series.count(), 2);
  const heiji = page.locator("#n-fx-heiji details");
  const volume = heiji.locator('a[href="/records/fx-v4"]');
  assert.equal(await volume.isVisible(), false, "a series starts collapsed");
  assert.match(await page.locator("#n-fx-heiji").innerText(), /兵事\s+簿冊 2冊/);
  await toggle(heiji.locator("summary"));
  await volume.waitFor();
  assert.match(await heiji.innerText(), /兵事関係書類/);
  assert.doesNotMatch(await page.content(), /秘匿|兵事關係書類/);
  await shot(page, "browse-ja");
  await axeCheck(page, "browse with a series open");
  await page.locator('#n-fx-heiji > a[href="/series/fx-heiji"]').click();
  await page.waitForURL(/\/series\/fx-heiji$/);
  assert.equal(await page.locator(".tree > li.tree-volume").count(), 2);
  await axeCheck(page, "series page");

  await page.goto(base + "/fonds/fx-sagamihara?lang=en");
  const gikai = page.locator("#n-fx-gikai details");
  await toggle(gikai.locator("summary"));
  await gikai.locator('a[href="/series/fx-gikai-kaigiroku?lang=en"]').waitFor();
  assert.match(await page.locator("#n-fx-gikai > .hint").innerText(), /1 series, 2 volumes/);
  await shot(page, "browse-en");
  await axeCheck(page, "browse (English)");
});

test("a sample fonds's tree is paged and its series counted", async (page) => {
  const home = await page.request.get(base + "/api/search?level=fonds&size=50&facets=0");
  const fonds = (await home.json()).hits.map((h) => h.id).filter((id) => !id.startsWith("fx-"));
  assert.ok(fonds.length > 0);
  await page.goto(base + "/fonds/" + fonds[0]);
  // Each series's own counts: the first hint of its entry (its summary's, when it opens).
  const summaries = await page.locator(".tree > li.tree-series").evaluateAll((lis) =>
    lis.map((li) => li.querySelector(".hint").textContent));
  assert.ok(summaries.length > 0);
  // The counts beside the series add up to the fonds's volumes (the search's count).
  let volumes = 0;
  for (const t of summaries) volumes += Number(t.match(/簿冊 ([\d,]+)冊/)[1].replace(/,/g, ""));
  volumes += await page.locator(".tree > li.tree-volume").count();
  const api = await page.request.get(base + "/api/search?level=volume&size=1&facets=0&fonds=" + fonds[0]);
  assert.equal(volumes, (await api.json()).total);
});

test("a record's context panel shows where it sits and leads to its siblings", async (page) => {
  await page.goto(base + "/records/fx-v3-002");
  const panel = page.getByRole("complementary", { name: "この資料の位置" });
  await panel.waitFor();
  assert.match(await panel.innerText(), /兵事関係書類/);
  assert.match(await panel.innerText(), /4件中 2件目/);
  const current = panel.locator('a[aria-current="page"]');
  assert.equal(await current.innerText(), "戦死公報");
  assert.deepEqual(await panel.locator(".context-siblings a").allInnerTexts(), [
    "恩給裁定通知", "戦死公報", "軍需工場用地買収契約", "防空訓練實施ニ關スル件",
  ]);
  assert.doesNotMatch(await page.content(), /秘匿|解除題名/);
  await shot(page, "record-context-ja");
  await axeCheck(page, "record with its context panel");
  await panel.getByRole("link", { name: "軍需工場用地買収契約" }).click();
  await page.waitForURL(/\/records\/fx-v3-003$/);
  assert.match(await page.getByRole("complementary", { name: "この資料の位置" }).innerText(), /4件中 3件目/);

  await page.goto(base + "/records/fx-v3-002?lang=en");
  const en = page.getByRole("complementary", { name: "Where this record sits" });
  assert.match(await en.innerText(), /2 of 4/);
  await shot(page, "record-context-en");
  await axeCheck(page, "record with its context panel (English)");
});

test("on a phone the filters come folded before the results, and the 細目録 stacks", async (page) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(base + "/search?q=" + encodeURIComponent("議会"));
  const filters = page.locator("details.facets-disclosure");
  const summary = filters.locator("summary");
  await summary.waitFor();
  assert.equal(await filters.evaluate((d) => d.open), false, "folded on a phone");
  const firstHit = page.locator(".hit").first();
  const summaryBox = await summary.boundingBox();
  const hitBox = await firstHit.boundingBox();
  assert.ok(summaryBox.y < hitBox.y, "the filters' summary is above the first result");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the results overflow by ${overflow}px at 375px`);
  await shot(page, "phone-results");
  await axeCheck(page, "results at 375px");
  await summary.click();
  const volumes = page.locator(".facet-level a", { hasText: "簿冊" }).first();
  await volumes.waitFor();
  await shot(page, "phone-filters");
  await volumes.click();
  await page.waitForURL(/level=volume/);

  await page.goto(base + "/records/fx-v3");
  const rows = page.locator("table.children tbody tr");
  assert.equal(await rows.count(), 4);
  assert.equal(await rows.first().evaluate((tr) => getComputedStyle(tr).display), "block");
  // The date keeps to a line or two, labelled with its column.
  const date = rows.first().locator("td").nth(1);
  const lineHeight = await date.evaluate((td) => parseFloat(getComputedStyle(td).lineHeight));
  const box = await date.boundingBox();
  assert.ok(box.height <= 2 * lineHeight + 2, `the date cell is ${box.height}px high (line ${lineHeight}px)`);
  assert.equal(await date.getAttribute("data-label"), "年代");
  const table = await page.locator("table.children").boundingBox();
  assert.ok(box.width > table.width * 0.8, "a cell takes the row's width");
  await shot(page, "phone-record");
  await axeCheck(page, "record at 375px");
});

runTests("browse", tests);
