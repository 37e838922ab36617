// The wasm code Chromium compiles while a direct load of a page hydrates: V8 compiles each wasm
// function on the main thread the first time it is called, so this code is most of the hydration
// task (see README, "First load on a phone"). Prints, per page, the functions compiled and the
// bytes of their bodies, from the `wasm.CompileBaseline` trace events; the figures are the same on
// every run of one build in one Chromium. Run by scripts/lighthouse.sh --first-load, which puts
// Lighthouse's puppeteer-core on NODE_PATH.
//   node scripts/hydration-code.cjs BASE_URL PATH…    (CHROME_PATH: the browser, default /usr/bin/chromium)
/**
 * Runs `load` with Chromium tracing wasm compilation over the DevTools session `cdp` (puppeteer's
 * or Playwright's), and returns the functions V8 compiled meanwhile and the bytes of their bodies.
 * The Playwright budget test (end2end/tests/first-load.spec.ts) uses it too.
 */
async function compiledDuring(cdp, load) {
  const sizes = [];
  cdp.on("Tracing.dataCollected", ({ value }) => {
    for (const event of value) {
      if (event.name === "wasm.CompileBaseline" && event.args && event.args.bodySize !== undefined) sizes.push(event.args.bodySize);
    }
  });
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", {
    traceConfig: { includedCategories: ["disabled-by-default-v8.wasm.detailed"] },
    transferMode: "ReportEvents",
  });
  await load();
  await cdp.send("Tracing.end");
  await complete;
  return { functions: sizes.length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
}

async function compiledWhileHydrating(browser, url) {
  const page = await browser.newPage();
  try {
    const cdp = await page.createCDPSession();
    return await compiledDuring(cdp, async () => {
      await page.goto(url);
      await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
    });
  } finally {
    await page.close();
  }
}

async function main() {
  const [base, ...paths] = process.argv.slice(2);
  if (!base || paths.length === 0) {
    console.error("usage: node scripts/hydration-code.cjs BASE_URL PATH…");
    process.exit(2);
  }
  const puppeteer = require("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    for (const path of paths) {
      const { functions, bytes } = await compiledWhileHydrating(browser, base + path);
      console.log(`${path}\t${functions}\t${bytes}`);
    }
  } finally {
    await browser.close();
  }
}

module.exports = { compiledDuring };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
