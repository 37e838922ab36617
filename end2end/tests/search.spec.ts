import { test, expect } from "@playwright/test";
import { hydrated, markDocument, documentWasKept, searchFromKeyboard } from "./helpers";

test("Ctrl+K, type, arrow down and Enter land on the matching heading", async ({ page }) => {
  await page.goto("/docs");
  await hydrated(page);
  await markDocument(page);
  const { options } = await searchFromKeyboard(page, "stale-while-revalidate");
  const count = await options.count();
  await page.keyboard.press("ArrowDown");
  const chosen = options.nth(count > 1 ? 1 : 0);
  await expect(chosen).toHaveAttribute("aria-selected", "true");
  const href = (await chosen.getAttribute("href"))!;
  await page.keyboard.press("Enter");
  const [path, anchor] = href.split("#");
  await expect(page).toHaveURL(new RegExp(`${path}(#|$)`));
  const landed = new URL(page.url());
  expect(landed.pathname + landed.hash).toBe(href);
  if (anchor) await expect(page.locator(`[id="${decodeURIComponent(anchor)}"]`)).toBeInViewport();
  expect(await documentWasKept(page)).toBe(true);
});

test("slash opens the search and Escape closes it", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search docs" });
  await expect(box).toBeFocused();
  await box.fill("server");
  await expect(page.getByRole("listbox", { name: "Search results" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox", { name: "Search results" })).toBeHidden();
});

test("a Korean query finds the Korean page", async ({ page }) => {
  await page.goto("/ko/docs");
  await hydrated(page);
  const box = page.getByRole("combobox", { name: "문서 검색" });
  await box.click();
  await box.pressSequentially("서버", { delay: 30 });
  const list = page.getByRole("listbox", { name: "검색 결과" });
  await expect(list).toHaveAttribute("aria-busy", "false");
  const first = list.getByRole("option").first();
  await expect(first).toBeVisible();
  expect(await first.getAttribute("href")).toMatch(/^\/ko\/docs/);
});

test("search works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/search?q=cache");
  await expect(page.locator(".search-page-results li").first()).toBeVisible();
  await expect(page.locator(".search-page-results mark").first()).toBeVisible();
  await context.close();
});

test("odd queries get a clear answer, never an error page", async ({ page }) => {
  for (const q of ['"""', "   ", "<script>alert(1)</script>", "title:foo AND (", "x".repeat(5000)]) {
    const response = await page.goto(`/search?q=${encodeURIComponent(q)}`);
    expect(response?.status(), q.slice(0, 20)).toBe(200);
    await expect(page.locator(".error-page")).toHaveCount(0);
  }
  await page.goto(`/search?q=${encodeURIComponent("x".repeat(5000))}`);
  await expect(page.getByText("shortened")).toBeVisible();
});

test("without JavaScript, the navbar search of a Korean page searches the Korean docs", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/ko/docs/guide/ssr");
  const box = page.getByRole("combobox", { name: "문서 검색" });
  await box.fill("서버");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/ko\/search\?q=%EC%84%9C%EB%B2%84$/);
  await expect(page.locator(".search-page-results li").first()).toBeVisible();
  await expect(page.locator(".search-page-results a").first()).toHaveAttribute("href", /^\/ko\/docs\//);
  await context.close();
});
