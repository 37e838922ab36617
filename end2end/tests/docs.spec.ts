import { test, expect } from "@playwright/test";
import { hydrated, watchConsole, markDocument, documentWasKept, recordRequests } from "./helpers";

test("a docs page hydrates cleanly", async ({ page }) => {
  const problems = watchConsole(page);
  const response = await page.goto("/docs/guide/ssr");
  expect(response?.status()).toBe(200);
  await hydrated(page);
  await expect(page).toHaveTitle(/– Leptra$/);
  expect(problems).toEqual([]);
});

test("a sidebar click navigates client-side with one JSON request", async ({ page }) => {
  await page.goto("/docs");
  await hydrated(page);
  await markDocument(page);
  const calls = recordRequests(page, "/api/");
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  await sidebar.getByRole("link", { name: "Configuration" }).click();
  await expect(page).toHaveURL(/\/docs\/configuration$/);
  await expect(page.locator(".docs-body h1")).toContainText("Configuration");
  expect(calls.filter((c) => c.startsWith("/api/get_doc_page"))).toHaveLength(1);
  expect(calls.filter((c) => c.startsWith("/api/get_sidebar?"))).toHaveLength(0);
  expect(await documentWasKept(page)).toBe(true);
  // The active item follows navigation.
  await expect(sidebar.locator("a[aria-current=page]")).toHaveText("Configuration");
});

test("a closed sidebar group loads its entries once, when first opened", async ({ page }) => {
  await page.goto("/docs/getting-started");
  await hydrated(page);
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  const toggle = sidebar.getByRole("button", { name: "Toggle Rendering and data" });
  const caching = sidebar.getByRole("link", { name: "Caching" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(caching).toHaveCount(0);
  const calls = recordRequests(page, "/api/");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(caching).toBeVisible();
  expect(calls).toEqual(["/api/get_sidebar_folder?locale=en&path=%2Fdocs%2Fguide"]);
  // Closed and opened again, it keeps its entries.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(caching).toBeHidden();
  await toggle.click();
  await expect(caching).toBeVisible();
  // Moving to one of them marks it and asks for the page alone.
  await caching.click();
  await expect(page).toHaveURL(/\/docs\/guide\/caching$/);
  await expect(sidebar.locator("a[aria-current=page]")).toHaveText("Caching");
  expect(calls.filter((c) => !c.startsWith("/api/get_doc_page"))).toHaveLength(1);
});

test("moving to a page in a closed group opens it; entering the docs brings the sidebar", async ({ page }) => {
  await page.goto("/docs/configuration");
  await hydrated(page);
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  const toggle = sidebar.getByRole("button", { name: "Toggle Rendering and data" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  const calls = recordRequests(page, "/api/get_sidebar");
  await page.locator(".docs-body").getByRole("link", { name: "Caching" }).first().click();
  await expect(page).toHaveURL(/\/docs\/guide\/caching$/);
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(sidebar.locator("a[aria-current=page]")).toHaveText("Caching");
  await expect(sidebar.getByRole("link", { name: "Configuration" })).not.toHaveAttribute("aria-current");
  expect(calls).toEqual(["/api/get_sidebar_folder?locale=en&path=%2Fdocs%2Fguide"]);

  // From a page without the docs layout, the sidebar comes with the page.
  await page.goto("/");
  await hydrated(page);
  const entered = recordRequests(page, "/api/get_sidebar");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Docs", exact: true }).click();
  await expect(page).toHaveURL(/\/docs$/);
  await expect(sidebar.locator("a[aria-current=page]")).toHaveText("Introduction");
  await expect(sidebar.getByRole("button", { name: "Toggle Rendering and data" })).toHaveAttribute("aria-expanded", "false");
  expect(entered).toEqual(["/api/get_sidebar?locale=en&route=%2Fdocs"]);
});

test("a table-of-contents link scrolls to its heading", async ({ page }) => {
  await page.goto("/docs/guide/caching");
  await hydrated(page);
  const link = page.getByRole("navigation", { name: "On this page" }).getByRole("link").nth(2);
  const target = (await link.getAttribute("href"))!.slice(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`#${target}$`));
  const heading = page.locator(`[id="${target}"]`);
  await expect(heading).toBeInViewport();
  // The section in view is the one marked, and "Scroll to top" goes back without changing the address.
  const toc = page.getByRole("navigation", { name: "On this page" });
  await expect(link).toHaveClass(/active/);
  await expect(toc.locator("a.active")).toHaveCount(1);
  await toc.locator(".scroll-top").click();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page).toHaveURL(new RegExp(`#${target}$`));
  await expect(toc.locator("ul a").first()).toHaveClass(/active/);
});

test("tabs switch, and groups with the same key switch together", async ({ page }) => {
  await page.goto("/docs/markdown");
  await hydrated(page);
  const groups = page.locator(".tabs");
  const first = groups.first();
  const tabs = first.getByRole("tab");
  await expect(tabs.first()).toHaveAttribute("aria-selected", "true");
  await tabs.nth(1).click();
  await expect(tabs.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(first.locator(".tab-panel").nth(1)).toBeVisible();
  await expect(first.locator(".tab-panel").nth(0)).toBeHidden();

  // Another group with the same key follows the choice.
  const label = await tabs.nth(1).innerText();
  const twin = groups.nth(1);
  await expect(twin.getByRole("tab", { name: label })).toHaveAttribute("aria-selected", "true");

  // The choice is remembered on reload.
  await page.reload();
  await hydrated(page);
  await expect(groups.first().getByRole("tab", { name: label })).toHaveAttribute("aria-selected", "true");
});

test("the copy button puts the code on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/docs/getting-started");
  await hydrated(page);
  const block = page.locator(".code-block").first();
  const code = await block.locator("code").innerText();
  await block.hover();
  await block.getByRole("button", { name: "Copy code" }).click();
  await expect(block.getByRole("button", { name: "Copy code" })).toHaveText("Copied");
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip.trim()).toBe(code.trim());
});

test("unknown docs paths show the 404 page with status 404", async ({ page }) => {
  const response = await page.goto("/docs/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("back and forward move between docs pages without reloading", async ({ page }) => {
  await page.goto("/docs");
  await hydrated(page);
  await markDocument(page);
  await page.getByRole("navigation", { name: "Docs" }).getByRole("link", { name: "Configuration" }).click();
  await expect(page).toHaveURL(/configuration$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/docs$/);
  await page.goForward();
  await expect(page).toHaveURL(/configuration$/);
  expect(await documentWasKept(page)).toBe(true);
});

test("sitemap and robots list the docs", async ({ request }) => {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  expect(sitemap).toContain("/docs/guide/ssr</loc>");
  expect(sitemap).toContain("/ko/docs</loc>");
  const robots = await (await request.get("/robots.txt")).text();
  expect(robots).toContain("Sitemap:");
});
