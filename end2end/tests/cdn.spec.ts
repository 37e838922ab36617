import { test, expect } from "@playwright/test";
import { CDN_PORT } from "../playwright.config";
import { hydrated, watchConsole, firstFrameProbe, type Probe } from "./helpers";

// The site behind nginx's shared cache (cdn.mjs): one copy of each page for every visitor.
const CDN = `http://127.0.0.1:${CDN_PORT}`;

test("a visitor with the dark cookie gets a dark first paint from the proxy's cached HTML", async ({ browser, request }) => {
  const path = "/docs/project-layout";
  // A visitor without cookies fills the cache.
  let cached = "";
  await expect
    .poll(async () => {
      const response = await request.get(`${CDN}${path}`);
      cached = await response.text();
      return response.headers()["x-cache-status"];
    })
    .toBe("HIT");

  const context = await browser.newContext({ colorScheme: "light" });
  await context.addCookies([
    { name: "theme", value: "dark", url: CDN },
    // The key of the banner content/site.toml names.
    { name: "banner", value: "ssr-hydration", url: CDN },
  ]);
  const page = await context.newPage();
  await page.addInitScript(firstFrameProbe);
  const problems = watchConsole(page);
  const response = await page.goto(`${CDN}${path}`);
  expect(response?.headers()["x-cache-status"]).toBe("HIT");
  expect(await response?.text()).toBe(cached);
  // The first frame, before any paint, is already dark.
  expect(await page.evaluate(() => (window as unknown as Probe).__firstFrame)).toEqual({ theme: "dark", bg: "#111214" });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(17, 18, 20)");
  // The dismissed banner is in the HTML but never shown.
  expect(cached).toContain('class="banner"');
  await expect(page.locator(".banner")).toBeHidden();
  await hydrated(page);
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(problems).toEqual([]);
  await context.close();
});

test("a Korean browser gets the same cached English page, and the Korean page at its own address", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  const english = await page.goto(`${CDN}/docs/guide/ssr`);
  expect(english?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const korean = await page.goto(`${CDN}/ko/docs/guide/ssr`);
  expect(korean?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await context.close();
});
