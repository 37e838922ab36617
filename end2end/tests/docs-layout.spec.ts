import { test, expect } from "@playwright/test";
import { hydrated } from "./helpers";

test("a navbar tab shows its own sidebar", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  const sidebar = page.getByRole("navigation", { name: "Docs" });
  await expect(sidebar.getByRole("link", { name: "Getting started" })).toBeVisible();
  await expect(sidebar.getByRole("link", { name: "Front matter" })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reference" }).click();
  await expect(page).toHaveURL(/\/docs\/reference$/);
  await expect(sidebar.getByRole("link", { name: "Front matter" })).toBeVisible();
  await expect(sidebar.getByRole("link", { name: "Getting started" })).toHaveCount(0);
  // Back in the main part of the docs, the main sidebar returns.
  await page.goBack();
  await expect(page).toHaveURL(/\/docs\/guide\/ssr$/);
  await expect(sidebar.getByRole("link", { name: "Getting started" })).toBeVisible();
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
