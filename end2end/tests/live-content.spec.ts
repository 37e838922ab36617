import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { LIVE_CONTENT_DIR, LIVE_PORT, SITE_PORT } from "../playwright.config";
import { hydrated } from "./helpers";

// A server that watches a copy of the content (see playwright.config.ts): an
// edit to a file shows up in the open tab without the test reloading it.
test.use({ baseURL: `http://127.0.0.1:${LIVE_PORT}` });

const file = path.join(LIVE_CONTENT_DIR, "en/guide/caching.md");

test("an edit to the open page's file shows up in the tab, keeping the heading in view", async ({ page }) => {
  const original = fs.readFileSync(file, "utf8");
  try {
    await page.goto("/docs/guide/caching");
    await hydrated(page);
    await expect(page.locator("html[data-live-content=connected]")).toHaveCount(1);
    // Bring the third section's heading to the top of the window.
    const heading = page.locator(".docs-body h2").nth(2);
    const id = await heading.getAttribute("id");
    await heading.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 100));
    const before = await heading.evaluate((element) => element.getBoundingClientRect().top);

    // A paragraph above the heading: the heading moves down the page, not on screen.
    const paragraph = "This paragraph was written while the page was open.";
    const written = Date.now();
    fs.writeFileSync(file, original.replace(/\n## /, `\n${paragraph}\n\n${"More words. ".repeat(80)}\n\n## `));
    await expect(page.locator(".docs-body")).toContainText(paragraph, { timeout: 5_000 });
    // A figure for the benchmark (scripts/bench.sh prints it), not a timed assertion.
    console.log(`live content: the edit showed in the tab ${Date.now() - written} ms after the write`);
    await hydrated(page);
    const after = page.locator(`[id="${id}"]`);
    await expect.poll(() => after.evaluate((element) => element.getBoundingClientRect().top)).toBeCloseTo(before, -1);
  } finally {
    fs.writeFileSync(file, original);
  }
});

test("a page of a server that does not watch carries no live-reload script", async ({ page }) => {
  await page.goto(`http://127.0.0.1:${SITE_PORT}/docs/guide/caching`);
  await hydrated(page);
  await expect(page.locator("script[src='/__leptra/live.js']")).toHaveCount(0);
});
