import { test, expect } from "@playwright/test";
import { hydrated, recordRequests } from "./helpers";

test("a navbar tab shows its own sidebar", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  await expect(sidebar.getByRole("link", { name: "Getting started" })).toBeVisible();
  await expect(sidebar.getByRole("link", { name: "Front matter" })).toHaveCount(0);
  const tab = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reference" });
  await expect(tab).not.toHaveAttribute("aria-current");
  await tab.click();
  await expect(page).toHaveURL(/\/docs\/reference$/);
  await expect(sidebar.getByRole("link", { name: "Front matter" })).toBeVisible();
  await expect(sidebar.getByRole("link", { name: "Getting started" })).toHaveCount(0);
  // The navbar's entries are the server's HTML, not hydrated: the browser marks the current tab.
  await expect(tab).toHaveAttribute("aria-current", "page");
  // Back in the main part of the docs, the main sidebar returns.
  await page.goBack();
  await expect(page).toHaveURL(/\/docs\/guide\/ssr$/);
  await expect(sidebar.getByRole("link", { name: "Getting started" })).toBeVisible();
  await expect(tab).not.toHaveAttribute("aria-current");
});

test("the navbar's docs entries follow the locale, with one request for them", async ({ page }) => {
  await page.goto("/docs/reference/front-matter");
  await hydrated(page);
  // The navbar's label is translated too, so it is found by its class.
  const main = page.locator(".navbar");
  await expect(main.getByRole("link", { name: "Reference" })).toHaveAttribute("aria-current", "page");
  const calls = recordRequests(page, "/api/get_navbar");
  await page.locator(".locale-switch select").selectOption("ko");
  await expect(page).toHaveURL(/\/ko\/docs\/reference\/front-matter$/);
  // The Korean entries, their tab current, and their menu with the external link labelled in Korean.
  const tab = main.locator('.navbar-docs a[href="/ko/docs/reference"]');
  await expect(tab).toHaveAttribute("aria-current", "page");
  await expect(main.locator(".navbar-docs .sr-only").first()).toHaveText(" (새 탭에서 열림)");
  await expect(main.locator('.navbar-docs a[href="/docs/reference"]')).toHaveCount(0);
  expect(calls).toHaveLength(1);
  // Moving within the locale asks for nothing more.
  await page.locator(".docs-sidebar").getByRole("link").first().click();
  await expect(page.locator(".docs-article h1").first()).toBeVisible();
  expect(calls).toHaveLength(1);
});

test("layout: full hides the sidebar and the table of contents", async ({ page }) => {
  await page.goto("/docs/reference/layouts");
  await hydrated(page);
  await expect(page.locator(".docs-sidebar")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "On this page" })).toBeVisible();
  await page.locator(".docs-body").getByRole("link", { name: "This page's neighbour" }).click();
  await expect(page).toHaveURL(/\/docs\/reference\/full-width$/);
  await expect(page.locator(".docs-body h1")).toContainText("A full-width page");
  await expect(page.locator(".docs-sidebar")).toBeHidden();
  await expect(page.getByRole("navigation", { name: "On this page" })).toHaveCount(0);
  const article = await page.locator(".docs-article").boundingBox();
  expect(article!.width).toBeGreaterThan(900);
});

test("Copy page puts the page's Markdown on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  const markdown = await (await page.request.get("/docs/guide/ssr.md")).text();
  expect(markdown.startsWith("# Server-side rendering\n")).toBe(true);
  await page.getByRole("button", { name: "Copy page" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
  // "View as Markdown" opens the same text.
  const link = page.getByRole("link", { name: "View as Markdown" });
  await expect(link).toHaveAttribute("href", "/docs/guide/ssr.md");
});
