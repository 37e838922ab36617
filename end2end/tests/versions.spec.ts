import { test, expect } from "@playwright/test";
import { hydrated, markDocument, documentWasKept } from "./helpers";

test("the version switcher keeps the page, and the old version's banner links to the latest", async ({ page }) => {
  await page.goto("/docs/guide/caching");
  await hydrated(page);
  await markDocument(page);
  const switcher = page.locator(".version-switch");
  await expect(switcher.locator("summary")).toContainText("0.2");
  await switcher.locator("summary").click();
  await switcher.getByRole("link", { name: "0.1" }).click();
  await expect(page).toHaveURL(/\/docs\/0\.1\/guide\/caching$/);
  await expect(page.locator(".docs-body h1")).toContainText("Caching");
  expect(await documentWasKept(page)).toBe(true);
  // The sidebar is 0.1's own.
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  await expect(sidebar.getByRole("link", { name: "Configuration" })).toHaveAttribute("href", "/docs/0.1/configuration");
  const banner = page.locator(".version-banner");
  await expect(banner).toContainText("You are reading the docs for 0.1. The latest is 0.2.");
  await banner.getByRole("link").click();
  await expect(page).toHaveURL(/\/docs\/guide\/caching$/);
  await expect(page.locator(".version-banner")).toHaveCount(0);
  await expect(sidebar.getByRole("link", { name: "Configuration" })).toHaveAttribute("href", "/docs/configuration");
});

test("a page missing in the other version opens that version's first page with a notice", async ({ page }) => {
  await page.goto("/docs/reference/layouts");
  await hydrated(page);
  await page.locator(".version-switch summary").click();
  await page.locator(".version-switch").getByRole("link", { name: "0.1" }).click();
  await expect(page).toHaveURL(/\/docs\/0\.1\?missing=1$/);
  await expect(page.locator(".missing-notice")).toContainText("does not exist in 0.1");
});

test("search covers the version being read and says which", async ({ page }) => {
  await page.goto("/docs/0.1/guide/ssr");
  await hydrated(page);
  const box = page.getByRole("combobox", { name: "Search docs" });
  await box.click();
  await box.pressSequentially("About version", { delay: 20 });
  const list = page.getByRole("listbox", { name: "Search results" });
  await expect(list).toHaveAttribute("aria-busy", "false");
  const first = list.getByRole("option").first();
  await expect(first).toHaveAttribute("href", "/docs/0.1#about-version-01");
  await expect(first.locator(".search-hit-version")).toHaveText("0.1");
  // The same words in the latest version do not find that heading: it exists only in 0.1.
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await box.click();
  await box.pressSequentially("About version", { delay: 20 });
  await expect(list).toHaveAttribute("aria-busy", "false");
  await expect(list.locator("a[href='/docs/0.1#about-version-01']")).toHaveCount(0);
});

test("without JavaScript, the switcher and the version's search still work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/docs/guide/ssr");
  await page.locator(".version-switch summary").click();
  await page.locator(".version-switch").getByRole("link", { name: "0.1" }).click();
  await expect(page).toHaveURL(/\/docs\/0\.1\/guide\/ssr$/);
  const box = page.getByRole("combobox", { name: "Search docs" });
  await box.fill("About version");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=About\+version&v=0\.1$/);
  const first = page.locator(".search-page-results li").first();
  await expect(first.locator("a")).toHaveAttribute("href", "/docs/0.1#about-version-01");
  await expect(first.locator(".search-hit-version")).toHaveText("0.1");
  await context.close();
});

test("the switcher comes with the docs when entering them client-side, and follows the version read", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  await page.getByRole("navigation").getByRole("link", { name: "Docs" }).first().click();
  await expect(page).toHaveURL(/\/docs$/);
  const switcher = page.locator(".version-switch");
  await expect(switcher.locator("summary")).toContainText("0.2");
  await switcher.locator("summary").click();
  await expect(switcher.locator("a[aria-current=page]")).toHaveText("0.2");
  await switcher.getByRole("link", { name: "0.1" }).click();
  await expect(page).toHaveURL(/\/docs\/0\.1$/);
  await expect(page.locator(".version-switch summary")).toContainText("0.1");
  await expect(page.locator(".version-switch a[aria-current=page]")).toHaveText("0.1");
  await expect(page.locator(".version-switch")).toHaveCount(1);
  expect(await documentWasKept(page)).toBe(true);
});
