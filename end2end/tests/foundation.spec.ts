import { test, expect } from "@playwright/test";
import { hydrated, watchConsole, markDocument, documentWasKept, firstFrameProbe, type Probe } from "./helpers";

test("the home page hydrates without console errors or hydration warnings", async ({ page }) => {
  const problems = watchConsole(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});

test("the theme switch works after hydration and the inline script applies the choice before the first paint", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  // On reload the server sends the same HTML as to everyone; the inline script paints dark at once.
  await page.addInitScript(firstFrameProbe);
  const problems = watchConsole(page);
  const response = await page.reload();
  const html = (await response?.text()) ?? "";
  expect(html).toMatch(/<html[^>]*data-theme="system"/);
  expect(await page.evaluate(() => (window as unknown as Probe).__firstFrame)).toEqual({ theme: "dark", bg: "#111214" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);
  await hydrated(page);
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(problems).toEqual([]);

  // Without JavaScript the theme follows the operating system, whatever the cookie says.
  for (const [colorScheme, expected] of [["light", "rgb(255, 255, 255)"], ["dark", background]] as const) {
    const noScript = await browser.newContext({ javaScriptEnabled: false, colorScheme });
    await noScript.addCookies(await page.context().cookies());
    const firstPaint = await noScript.newPage();
    await firstPaint.goto("/");
    expect(await firstPaint.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(expected);
    await noScript.close();
  }

  await page.getByLabel("Theme").selectOption("light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

test("the system theme follows the operating system without script", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(17, 18, 20)");
  await context.close();
});

test("internal links navigate client-side without reloading the document", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Repos" }).click();
  await expect(page).toHaveURL(/\/repos$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("repositories");
  expect(await documentWasKept(page)).toBe(true);
});

test("the router marks the link of the page shown, follows back, and leaves external links to the browser", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Repos" }).click();
  await expect(page).toHaveURL(/\/repos$/);
  await expect(nav.getByRole("link", { name: "Repos" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Docs" })).not.toHaveAttribute("aria-current");
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(".hero h1")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Repos" })).not.toHaveAttribute("aria-current");
  expect(await documentWasKept(page)).toBe(true);
  // "View as Markdown" is marked rel="external": the browser loads it as a new document.
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await markDocument(page);
  await page.locator('a.page-action[rel="external"]').click();
  await expect(page).toHaveURL(/\/docs\/guide\/ssr\.md$/);
  expect(await documentWasKept(page)).toBe(false);
});

test("unknown paths show the 404 page with status 404", async ({ page }) => {
  const response = await page.goto("/this/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator(".navbar")).toBeVisible();
});

test("on a phone the navbar links sit behind a menu button", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/");
  await hydrated(page);
  const links = page.locator(".navbar-links");
  await expect(links).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(links).toBeVisible();
  await links.getByRole("link", { name: "Repos" }).click();
  await expect(page).toHaveURL(/\/repos$/);
  await expect(links).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});
