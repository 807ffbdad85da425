// The date display rule and the romanized eras, in a real browser: an English search
// "Showa 31" narrows the results to that year and says so, the hits show their dates in
// English with the western years beside them; a record page shows its date in both
// calendars in Japanese and in English, and on a phone (375px) without overflowing;
// a year past its era's end is explained. axe-core finds no violations. Run by run.sh.
"use strict";

const assert = require("assert/strict");
const { base, axeCheck, shot, runTests } = require("./support");

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

async function resultCount(page) {
  const text = await page.locator(".count[role=status]").innerText();
  const m = text.match(/([\d,]+)件中/) || text.match(/of ([\d,]+)/);
  assert.ok(m, `no count in "${text}"`);
  return Number(m[1].replace(/,/g, ""));
}

test("an English search for Showa 31 narrows the results to records of 1956", async (page) => {
  await page.goto(base + "/search?q=&lang=en");
  const all = await resultCount(page);
  await page.goto(base + "/?lang=en");
  await page.getByRole("searchbox", { name: "Keywords" }).fill("Showa 31");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/\/search\?/);
  const narrowed = await resultCount(page);
  assert.ok(narrowed > 0 && narrowed < all, `Showa 31: ${narrowed} of ${all}`);
  assert.match(await page.locator(".notice[role=status]").innerText(), /“Showa 31” in your keywords was used as a period/);
  // Every hit is dated within 1956, shown in English with the western years beside it.
  const dates = await page.locator(".hits .meta span:nth-child(3)").allInnerTexts();
  assert.ok(dates.length > 0);
  for (const d of dates) {
    assert.doesNotMatch(d, /[昭和平成大正明治]/, `a Japanese era on an English page: ${d}`);
    const years = (d.match(/\d{4}/g) || []).map(Number);
    assert.ok(years.length > 0, `no western years in "${d}"`);
    const from = Math.min(...years);
    const to = Math.max(...years) + (/^FY /.test(d) ? 1 : 0);  // FY 1955 runs into 1956
    assert.ok(from <= 1956 && to >= 1956, `${d} does not overlap 1956`);
  }
  await shot(page, "dates-search-showa31-en");
  await axeCheck(page, "English results for Showa 31");
});

test("the search box takes the era letter as a whole word, and explains Showa 65", async (page) => {
  await page.goto(base + "/search?lang=en&q=" + encodeURIComponent("S31"));
  const letter = await resultCount(page);
  await page.goto(base + "/search?lang=en&q=" + encodeURIComponent("Showa 31"));
  assert.equal(await resultCount(page), letter);
  await page.goto(base + "/search?lang=en&q=" + encodeURIComponent("Showa 65"));
  assert.match(await page.locator(".notice[role=status]").innerText(), /“Showa 65” in your keywords is not a period \(Showa ended in year 64\)/);
  await page.goto(base + "/search?q=" + encodeURIComponent("昭和65年"));
  assert.match(await page.locator(".notice[role=status]").innerText(), /「昭和65年」は期間として読めないため（昭和は64年までです）/);
  await axeCheck(page, "results with a refused date");
});

test("a record page shows its date in both calendars, in Japanese and in English", async (page) => {
  await page.goto(base + "/records/fx-v3-004");
  const ja = page.locator("dl dd", { hasText: "1944年" }).first();
  assert.equal((await ja.innerText()).trim(), "1944年 (昭和19年)");
  await shot(page, "dates-record-ja");
  await axeCheck(page, "record page (ja)");
  await page.goto(base + "/records/fx-v3-004?lang=en");
  const en = page.locator("dl dd", { hasText: "1944" }).first();
  assert.equal((await en.innerText()).trim(), "1944 (Showa 19)");
  await shot(page, "dates-record-en");
  await axeCheck(page, "record page (en)");
  await page.goto(base + "/records/fx-v1-003");
  assert.ok((await page.locator("dl dd", { hasText: "昭和１８年 (1943)" }).count()) === 1, "昭和１８年 (1943) not shown");
});

test("on a phone the dated record and the English results fit the screen", async (page) => {
  await page.setViewportSize({ width: 375, height: 812 });
  for (const [url, name] of [
    ["/records/fx-v1-003", "dates-record-phone-ja"],
    ["/search?lang=en&q=" + encodeURIComponent("Showa 31"), "dates-search-phone-en"],
  ]) {
    await page.goto(base + url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${url} overflows by ${overflow}px at 375px`);
    await shot(page, name);
    await axeCheck(page, `${name} at 375px`);
  }
});

runTests("dates", tests);
