// The search of an exported site on a phone-class CPU: Chromium with its CPU slowed 4× (as
// Lighthouse's mobile preset simulates), a docs page of the export, the search box. Prints the
// index file's size and, per query, the time from the last key typed to the first result shown:
// the first query includes fetching and reading the index (and, in a split build, the search
// code), the next ones search the index already loaded. Run by `scripts/bench.sh export`.
//   node scripts/search-time.cjs BASE_URL PAGE QUERY…   (CHROME_PATH: the browser, default /usr/bin/chromium)
const { chromium } = require("@playwright/test");

async function main() {
  const [base, path, ...queries] = process.argv.slice(2);
  if (!base || !path || queries.length === 0) {
    console.error("usage: node scripts/search-time.cjs BASE_URL PAGE QUERY…");
    process.exit(2);
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const indexes = [];
    page.on("response", async (response) => {
      if (new URL(response.url()).pathname.startsWith("/search-index/")) {
        indexes.push({ url: new URL(response.url()).pathname, bytes: (await response.body()).length, encoding: response.headers()["content-encoding"] || "identity" });
      }
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto(new URL(path, base).href);
    await page.waitForSelector("html[data-hydrated]", { timeout: 60_000 });
    const box = page.locator("input.search-input").first();
    for (const [i, query] of queries.entries()) {
      await box.fill("");
      await box.click();
      await box.pressSequentially(query.slice(0, -1));
      const typed = Date.now();
      await box.press(query.slice(-1));
      const result = page.locator("[role=listbox] [role=option]").first();
      await result.waitFor({ state: "visible", timeout: 60_000 });
      await page.locator("[role=listbox][aria-busy=false]").waitFor({ timeout: 60_000 });
      const ms = Date.now() - typed;
      console.log(`  ${i === 0 ? "first search" : "next search "} ${JSON.stringify(query).padEnd(26)} ${String(ms).padStart(6)} ms to the first result`);
    }
    for (const index of indexes) console.log(`  index ${index.url}: ${index.bytes} bytes as received (${index.encoding})`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
