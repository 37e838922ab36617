import { test, expect, type Page } from "@playwright/test";
import { hydrated, markDocument, documentWasKept } from "./helpers";

/** Presses Tab until `target` has focus (at most `limit` times). */
async function tabTo(page: Page, target: ReturnType<Page["locator"]>, limit = 15) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("the skip link is the first stop and moves focus into the main content", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main")?.id)).toBe("content");
});

test("search by keyboard: open, choose a result, land with focus on its heading", async ({ page }) => {
  await page.goto("/docs");
  await hydrated(page);
  await markDocument(page);
  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: "Search docs" });
  await expect(box).toBeFocused();
  await page.keyboard.type("stale-while-revalidate");
  const list = page.getByRole("listbox", { name: "Search results" });
  await expect(list).toHaveAttribute("aria-busy", "false");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const options = list.getByRole("option");
  await expect(options.first()).toBeVisible();
  await page.keyboard.press("ArrowDown");
  const chosen = options.nth((await options.count()) > 1 ? 1 : 0);
  await expect(chosen).toHaveAttribute("aria-selected", "true");
  // The combobox pattern: focus stays in the box, which names the active option.
  await expect(box).toHaveAttribute("aria-activedescendant", (await chosen.getAttribute("id"))!);
  const href = (await chosen.getAttribute("href"))!;
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href.split("#")[0]}(#|$)`));
  const anchor = decodeURIComponent(href.split("#")[1] ?? "");
  const heading = anchor ? page.locator(`[id="${anchor}"]`) : page.locator("main h1");
  await expect(heading).toBeFocused();
  expect(await heading.evaluate((el) => /^H[1-6]$/.test(el.tagName))).toBe(true);
  // The new page's title is announced.
  await expect(page.locator("[aria-live=assertive]")).toHaveText(await page.title());
  expect(await documentWasKept(page)).toBe(true);
});

test("Escape closes the search list, then returns focus to where it was", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: "Search docs" });
  await expect(box).toBeFocused();
  await page.keyboard.type("server");
  const list = page.getByRole("listbox", { name: "Search results" });
  await expect(list).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(list).toBeHidden();
  await expect(box).toBeFocused();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Escape");
  await expect(skip).toBeFocused();
});

test("a client-side link moves focus to the new page's heading and announces it", async ({ page }) => {
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await markDocument(page);
  const next = page.locator(".pagination-next");
  await tabTo(page, next, 200);
  await page.keyboard.press("Enter");
  await expect(page.locator("main h1")).toBeFocused();
  await expect(page.locator("[aria-live=assertive]")).toHaveText(await page.title());
  expect(await documentWasKept(page)).toBe(true);
});

test.describe("phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the menu opens and closes by keyboard, keeps focus inside, and gives it back", async ({ page }) => {
    await page.goto("/docs/guide/ssr");
    await hydrated(page);
    const button = page.getByRole("button", { name: "Menu" });
    await tabTo(page, button);
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-expanded", "true");
    const menu = page.locator("#site-menu");
    await expect(menu).toBeVisible();
    // Tab goes into the menu, not to the page behind it.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("#site-menu"))).toBe(true);
    // Shift+Tab from the button wraps around to the menu's last item (the docs sidebar).
    await page.keyboard.press("Shift+Tab");
    await expect(button).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest(".docs-sidebar"))).toBe(true);
    await page.keyboard.press("Tab");
    await expect(button).toBeFocused();
    // Escape from inside the menu closes it and gives focus back to the button.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("#site-menu"))).toBe(true);
    await page.keyboard.press("Escape");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();
  });
});

test("tabs move with the arrow keys, Home and End", async ({ page }) => {
  await page.goto("/docs/markdown");
  await hydrated(page);
  const group = page.locator(".tabs").first();
  const tabs = group.getByRole("tab");
  const count = await tabs.count();
  expect(count).toBeGreaterThan(1);
  await tabTo(page, tabs.first(), 300);
  // Only the selected tab is in the Tab order.
  await expect(tabs.first()).toHaveAttribute("tabindex", "0");
  await expect(tabs.nth(1)).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowRight");
  await expect(tabs.nth(1)).toBeFocused();
  await expect(tabs.nth(1)).toHaveAttribute("aria-selected", "true");
  const panel = page.locator(`[id="${await tabs.nth(1).getAttribute("aria-controls")}"]`);
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute("aria-labelledby", (await tabs.nth(1).getAttribute("id"))!);
  await page.keyboard.press("ArrowLeft");
  await expect(tabs.first()).toBeFocused();
  await expect(tabs.first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(tabs.nth(count - 1)).toBeFocused();
  await page.keyboard.press("Home");
  await expect(tabs.first()).toBeFocused();
  await page.keyboard.press("End");
  await expect(tabs.nth(count - 1)).toHaveAttribute("aria-selected", "true");
  // Tab leaves the tab list for the panel.
  await page.keyboard.press("Tab");
  await expect(group.locator(".tab-panel:visible")).toBeFocused();
});
