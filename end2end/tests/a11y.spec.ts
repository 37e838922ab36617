import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { hydrated } from "./helpers";

// Every rule axe-core tags as WCAG 2.0, 2.1 or 2.2, levels A and AA.
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

// One page of every type, with the status it answers.
const PAGES: [string, string, number][] = [
  ["home", "/", 200],
  ["Korean home", "/ko", 200],
  ["docs page", "/docs/guide/ssr", 200],
  ["docs showcase", "/docs/markdown", 200],
  ["Korean docs", "/ko/docs", 200],
  ["older version", "/docs/0.1/guide/ssr", 200],
  ["navbar tab", "/docs/reference", 200],
  ["full-width page", "/docs/reference/full-width", 200],
  ["repositories form", "/repos", 200],
  ["user page", "/user/octocat", 200],
  ["search results", "/search?q=cache", 200],
  ["404", "/no/such/page", 404],
  ["5xx", "/user/broken", 502],
];

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

/** The violations, one line each, so a failure says what and where. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id}: ${node.target.join(" ")} — ${node.failureSummary?.split("\n").join(" ")}`),
  );
}

async function open(page: Page, baseURL: string, path: string, theme: string) {
  await page.context().addCookies([{ name: "theme", value: theme, url: baseURL }]);
  const response = await page.goto(path);
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
  return response;
}

for (const [viewport, size] of Object.entries(VIEWPORTS)) {
  for (const theme of ["light", "dark"]) {
    test.describe(`${viewport}, ${theme} theme`, () => {
      test.use({ viewport: size });
      for (const [name, path, status] of PAGES) {
        test(`${name} has no WCAG 2.2 AA violations`, async ({ page, baseURL }) => {
          const response = await open(page, baseURL!, path, theme);
          expect(response?.status()).toBe(status);
          expect(await violations(page)).toEqual([]);
        });
      }

      test("the open search dropdown has no WCAG 2.2 AA violations", async ({ page, baseURL }) => {
        await open(page, baseURL!, "/docs", theme);
        await page.keyboard.press("Control+k");
        await page.keyboard.type("cache");
        const list = page.getByRole("listbox", { name: "Search results" });
        await expect(list).toHaveAttribute("aria-busy", "false");
        await page.keyboard.press("ArrowDown");
        await expect(list.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
        expect(await violations(page)).toEqual([]);
      });
    });
  }
}

test.describe("phone menu", () => {
  test.use({ viewport: VIEWPORTS.phone });
  for (const theme of ["light", "dark"]) {
    test(`the open menu has no WCAG 2.2 AA violations (${theme})`, async ({ page, baseURL }) => {
      await open(page, baseURL!, "/docs/guide/ssr", theme);
      await page.getByRole("button", { name: "Menu" }).click();
      await expect(page.locator("#site-menu")).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  }
});

test("code blocks are checked for contrast, token by token", async ({ page, baseURL }) => {
  // Guards the suite: the highlighted spans must be visible to axe, or a bad
  // token colour would pass unseen.
  await open(page, baseURL!, "/docs/markdown", "dark");
  const results = await new AxeBuilder({ page }).withRules(["color-contrast"]).include(".code-block").analyze();
  const checked = results.passes.flatMap((rule) => rule.nodes).length;
  expect(checked).toBeGreaterThan(20);
});
