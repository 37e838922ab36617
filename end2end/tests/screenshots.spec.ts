import { test, expect, type Page } from "@playwright/test";
import path from "node:path";
import { hydrated } from "./helpers";

// The screenshots at the top of the README. Every run takes them again, so
// they show the site as it is; commit them when they change
// (`cd end2end && npx playwright test screenshots` refreshes just these).
const OUT = path.resolve(__dirname, "../../docs/screenshots");

async function shoot(page: Page, url: string, file: string) {
  await page.goto(url);
  await hydrated(page);
  // Fonts and the stars figure settle before the picture.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(OUT, file), animations: "disabled" });
}

test("screenshots: a docs page in light and dark, the repository page, a phone", async ({ browser }) => {
  const desktop = { viewport: { width: 1280, height: 800 } };
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ ...desktop, colorScheme });
    const page = await context.newPage();
    await shoot(page, "/docs/guide/ssr", `docs-${colorScheme}.png`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", /system|light|dark/);
    await context.close();
  }
  const context = await browser.newContext({ ...desktop, colorScheme: "light" });
  await shoot(await context.newPage(), "/user/octocat", "repositories.png");
  await context.close();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: "light", isMobile: true });
  await shoot(await phone.newPage(), "/docs/guide/ssr", "phone.png");
  await phone.close();
});
