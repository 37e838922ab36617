import { expect, type Page, type ConsoleMessage } from "@playwright/test";

/** Waits until the wasm bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
}

/** Collects console errors and warnings (hydration mismatches are reported as either). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** Sets a marker on `window` that only survives client-side navigation. */
export async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { __leptraMarker: number }).__leptraMarker = 42));
}

export async function documentWasKept(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __leptraMarker?: number }).__leptraMarker === 42);
}

/** Records the URLs of requests whose path starts with `prefix`. */
export function recordRequests(page: Page, prefix: string): string[] {
  const seen: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    // Server functions' GET encoding may leave a trailing "&"; it means nothing.
    if (url.pathname.startsWith(prefix)) seen.push((url.pathname + url.search).replace(/&$/, ""));
  });
  return seen;
}

/** What `firstFrameProbe` saw in the first animation frame, before anything was painted. */
export type Probe = { __firstFrame?: { theme: string | null; bg: string } };

/**
 * An init script: records `data-theme` and the page background variable in the
 * first animation frame, which runs before the first paint.
 */
export function firstFrameProbe() {
  requestAnimationFrame(() => {
    const root = document.documentElement;
    (window as unknown as Probe).__firstFrame = {
      theme: root.getAttribute("data-theme"),
      bg: getComputedStyle(root).getPropertyValue("--bg").trim(),
    };
  });
}

/** Switches the first tab group to its second tab and copies the first code block: the docs
 * body's two behaviours (the clipboard permissions must be granted). */
export async function tabsAndCopyWork(page: Page) {
  const tabs = page.locator(".tabs").first().getByRole("tab");
  await tabs.nth(1).click();
  await expect(tabs.nth(1)).toHaveAttribute("aria-selected", "true");
  const block = page.locator(".code-block").first();
  await block.hover();
  await block.getByRole("button", { name: "Copy code" }).click();
  await expect(block.getByRole("button", { name: "Copy code" })).toHaveText("Copied");
}

/** Checks that the page shows the loader's failure notice, with its Reload link. */
export async function showsLoadFailure(page: Page) {
  const notice = page.locator("#load-failure");
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute("role", "alert");
  await expect(notice).toContainText("could not be loaded");
  await expect(notice.getByRole("link", { name: "Reload" })).toBeVisible();
}

/**
 * Opens the search with Ctrl+K, types `query` and waits for the results of the whole query
 * (not of a prefix typed earlier); returns the result options, the first with a marked word.
 */
export async function searchFromKeyboard(page: Page, query: string) {
  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: "Search docs" });
  await expect(box).toBeFocused();
  await box.pressSequentially(query, { delay: 20 });
  const list = page.getByRole("listbox", { name: "Search results" });
  await expect(list).toHaveAttribute("aria-busy", "false");
  const options = list.getByRole("option");
  await expect(options.first()).toBeVisible();
  await expect(options.first().locator("mark").first()).toBeVisible();
  return { box, list, options };
}
