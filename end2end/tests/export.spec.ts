import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { hydrated, watchConsole, markDocument, documentWasKept, recordRequests, tabsAndCopyWork, searchFromKeyboard } from "./helpers";
import { EXPORT_PORT, EXPORT_DIR } from "../playwright.config";

// The site exported as static files (`server export`, export.mjs) and served by plain nginx:
// no Leptra server behind it. Pages hydrate, client navigation reads the docs' data from
// the exported JSON with one request per page, and every internal link is a file.

const ORIGIN = `http://127.0.0.1:${EXPORT_PORT}`;
test.use({ baseURL: ORIGIN });

/** Every file of the export, as paths below its folder. */
function files(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory() ? files(path.join(dir, entry.name), rel) : [rel];
  });
}

/** Whether a static host has a file for the URL path `href`, as nginx does it (`try_files $uri $uri/index.html`). */
function resolves(href: string): boolean {
  const rel = decodeURIComponent(href.split(/[?#]/)[0]).replace(/^\/+/, "");
  const file = path.join(EXPORT_DIR, rel);
  return (fs.existsSync(file) && fs.statSync(file).isFile()) || fs.existsSync(path.join(file, "index.html"));
}

test("every internal link, script, stylesheet and image in the export is a file in it", () => {
  const all = files(EXPORT_DIR);
  const pages = all.filter((f) => f.endsWith(".html"));
  const answers = all.filter((f) => f.startsWith("api/") && f.endsWith(".json"));
  // Both locales, the older version, the home pages, the 404 page.
  for (const page of ["index.html", "ko/index.html", "docs/index.html", "ko/docs/guide/ssr/index.html", "docs/0.1/guide/caching/index.html", "404.html"]) {
    expect(all).toContain(page);
  }
  for (const file of ["sitemap.xml", "robots.txt", "llms.txt", "llms-full.txt", "ko/llms.txt", "docs/guide/ssr.md", "og/docs/guide/ssr.png", "search-index/en.json", "search-index/ko.json", "search-index/0.1/en.json"]) {
    expect(all).toContain(file);
  }
  expect(answers.length).toBeGreaterThan(pages.length);
  const broken: string[] = [];
  let checked = 0;
  // Links in pages, and in the HTML the JSON answers carry (sidebars, navbars, bodies).
  const link = /(?:href|src)=\\?"(\/[^"\\]*)\\?"/g;
  for (const file of [...pages, ...answers]) {
    const text = fs.readFileSync(path.join(EXPORT_DIR, file), "utf8");
    for (const [, href] of text.matchAll(link)) {
      if (href.startsWith("//")) continue;
      checked++;
      if (!resolves(href)) broken.push(`${file}: ${href}`);
    }
  }
  expect(checked).toBeGreaterThan(1000);
  expect([...new Set(broken)]).toEqual([]);
});

/** The budget of one locale's search index of this site, brotli-compressed as a host sends it. */
const SEARCH_INDEX_BUDGET = 160_000;

test(`each locale's search index of this site is at most ${SEARCH_INDEX_BUDGET / 1000} KB (brotli)`, () => {
  for (const locale of ["en", "ko"]) {
    const index = fs.readFileSync(path.join(EXPORT_DIR, "search-index", `${locale}.json`));
    const compressed = zlib.brotliCompressSync(index, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    test.info().annotations.push({ type: "search index (brotli)", description: `${locale}: ${index.length} bytes, ${compressed} brotli` });
    expect(compressed).toBeLessThanOrEqual(SEARCH_INDEX_BUDGET);
  }
});

test("pages keep the served site's head: canonical URL, hreflang, JSON-LD and social image", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await expect(page.locator("link[rel=canonical]")).toHaveAttribute("href", `${ORIGIN}/docs/guide/ssr`);
  await expect(page.locator("link[rel=alternate][hreflang=ko]")).toHaveAttribute("href", `${ORIGIN}/ko/docs/guide/ssr`);
  await expect(page.locator("script[type='application/ld+json']")).toHaveCount(1);
  const image = await page.locator("meta[property='og:image']").getAttribute("content");
  expect(image).toMatch(new RegExp(`^${ORIGIN}/og/docs/guide/ssr\\.png`));
  const response = await page.request.get(image ?? "");
  expect(response.headers()["content-type"]).toBe("image/png");
});

test("client navigation reads one exported file per page, and tabs and copy work", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const problems = watchConsole(page);
  const calls = recordRequests(page, "/api/");
  await page.goto("/docs");
  await hydrated(page);
  await markDocument(page);
  expect(calls).toEqual([]);
  await page.locator(".docs-sidebar a[href='/docs/markdown']").first().click();
  await expect(page).toHaveURL(/\/docs\/markdown$/);
  await expect(page.locator(".docs-article h1")).toBeVisible();
  expect(calls).toEqual([expect.stringMatching(/^\/api\/get_doc_page\/[0-9a-f]+\.json$/)]);
  await tabsAndCopyWork(page);
  // "Copy page" reads the page's Markdown from its exported answer.
  await page.getByRole("button", { name: "Copy page" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain("# ");
  expect(await documentWasKept(page)).toBe(true);
  expect(problems).toEqual([]);
});

test("search runs in the browser over the exported index, fetched on first use, per locale and version", async ({ page }) => {
  const problems = watchConsole(page);
  const indexes = recordRequests(page, "/search-index/");
  const api = recordRequests(page, "/api/search_docs");
  // The search's code: a file of its own in the split release bundle.
  const code = recordRequests(page, "/pkg/split_search_loaded");
  await page.goto("/docs");
  await hydrated(page);
  await markDocument(page);
  expect(indexes).toEqual([]);
  expect(code).toEqual([]);
  const { box, list, options } = await searchFromKeyboard(page, "stale-while-revalidate");
  expect(indexes).toEqual(["/search-index/en.json"]);
  expect(code).toHaveLength(1);
  // A new query searches the index already loaded.
  await box.fill("hydration");
  await expect(options.first()).toContainText(/hydrat/i);
  expect(indexes).toEqual(["/search-index/en.json"]);
  await page.keyboard.press("ArrowDown");
  const href = (await list.locator("[aria-selected=true]").getAttribute("href"))!;
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href.split("#")[0]}(#|$)`));
  expect(await documentWasKept(page)).toBe(true);

  await page.goto("/ko/docs/guide/ssr");
  await hydrated(page);
  const korean = page.getByRole("combobox", { name: "문서 검색" });
  await korean.click();
  await korean.pressSequentially("서버", { delay: 30 });
  const found = page.getByRole("listbox", { name: "검색 결과" }).getByRole("option").first();
  await expect(found).toBeVisible();
  expect(await found.getAttribute("href")).toMatch(/^\/ko\/docs/);

  await page.goto("/docs/0.1/guide/caching");
  await hydrated(page);
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: "Search docs" }).pressSequentially("caching", { delay: 20 });
  const older = page.getByRole("listbox", { name: "Search results" }).getByRole("option").first();
  await expect(older).toBeVisible();
  expect(await older.getAttribute("href")).toMatch(/^\/docs\/0\.1\//);
  expect(indexes.slice(1)).toEqual(["/search-index/ko.json", "/search-index/0.1/en.json"]);
  expect(api).toEqual([]);
  expect(problems).toEqual([]);
});

test("the theme switch works on an exported page", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("the language switcher and versions move client-side between exported pages", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/docs/guide/caching");
  await hydrated(page);
  await markDocument(page);
  await page.locator(".version-switch summary").click();
  await page.locator(".version-switch").getByRole("link", { name: "0.1" }).click();
  await expect(page).toHaveURL(/\/docs\/0\.1\/guide\/caching$/);
  await expect(page.locator(".docs-body h1")).toContainText("Caching");
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  await expect(sidebar.getByRole("link", { name: "Configuration" })).toHaveAttribute("href", "/docs/0.1/configuration");
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await markDocument(page);
  await page.locator(".locale-switch select").selectOption("ko");
  await expect(page).toHaveURL(/\/ko\/docs\/guide\/ssr$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  expect(await documentWasKept(page)).toBe(true);
  expect(problems.filter((p) => /hydrat|panic/i.test(p))).toEqual([]);
});

test("/ sends a Korean browser to /ko in the browser; without JavaScript it stays English with a link", async ({ browser }) => {
  const korean = await browser.newContext({ locale: "ko-KR" });
  const page = await korean.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/ko$/);
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await korean.close();

  const english = await browser.newContext({ locale: "en-US" });
  const stays = await english.newPage();
  await stays.goto("/");
  await hydrated(stays);
  await expect(stays).toHaveURL(`${ORIGIN}/`);
  await english.close();

  const noScript = await browser.newContext({ locale: "ko-KR", javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto("/");
  await expect(plain).toHaveURL(`${ORIGIN}/`);
  await expect(plain.locator("html")).toHaveAttribute("lang", "en");
  await expect(plain.locator("a[href='/ko']").first()).toBeAttached();
  await noScript.close();
});

test("links to pages that need the server are left out of an export", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".hero a.button")).toHaveCount(1);
  await expect(page.locator("a[href$='/repos']")).toHaveCount(0);
});

test("a missing page is the exported 404 page, with status 404", async ({ page }) => {
  for (const missing of ["/docs/no/such/page", "/no/such/page"]) {
    const response = await page.goto(missing);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});
