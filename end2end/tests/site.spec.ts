import { test, expect } from "@playwright/test";
import { SECOND_SITE_PORT } from "../playwright.config";
import { hydrated, watchConsole } from "./helpers";

// Another content folder is another site (see playwright.config.ts): what its
// site.toml says is on the page after hydration and after client navigation,
// and Leptra's name is nowhere.
test.use({ baseURL: `http://127.0.0.1:${SECOND_SITE_PORT}` });

test("another site's name, logo, links, footer and banner survive hydration and navigation", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/docs");
  await hydrated(page);
  const check = async (title: string) => {
    await expect(page).toHaveTitle(title);
    await expect(page.locator(".navbar .logo")).toHaveText("Quokka");
    await expect(page.getByRole("link", { name: "GitLab", exact: true })).toHaveAttribute("href", "https://gitlab.com/quokka/docs");
    await expect(page.locator("footer.footer")).toContainText("Made by quokkas.");
    await expect(page.locator(".banner")).toContainText("Quokka 2.0 is out");
    await expect(page.locator(".search-input")).toHaveAttribute("placeholder", "Find a quokka…");
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain("Leptra");
  };
  await check("Welcome | Quokka Docs");
  // The accent is the site's.
  const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim());
  expect(["#1d6b3a", "#6fdc8c"]).toContain(accent);

  // Client navigation keeps the document and renders with the same site.
  await page.locator(".banner a").click();
  await expect(page).toHaveURL(/\/docs\/feeding$/);
  await check("Feeding | Quokka Docs");

  // The footer and placeholder follow the locale in the browser.
  await page.locator(".locale-switch select").selectOption("ko");
  await expect(page.locator("footer.footer")).toContainText("쿼카가 만들었습니다.");
  await expect(page.locator(".search-input")).toHaveAttribute("placeholder", "쿼카 찾기…");
  expect(problems).toEqual([]);
});

test("a closed banner stays closed until the site names a new one", async ({ page, context }) => {
  await page.goto("/docs");
  await hydrated(page);
  await page.locator(".banner-close").click();
  await expect(page.locator(".banner")).toBeHidden();
  const cookies = await context.cookies();
  expect(cookies.find((cookie) => cookie.name === "banner")?.value).toBe("spring-2027");
  await page.reload();
  await expect(page.locator(".banner")).toBeHidden();
  // A banner with another key is a new banner.
  await context.addCookies([{ name: "banner", value: "winter-2026", url: `http://127.0.0.1:${SECOND_SITE_PORT}` }]);
  await page.reload();
  await expect(page.locator(".banner")).toBeVisible();
});
