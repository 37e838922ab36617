import { test, expect, type Page } from "@playwright/test";
import { hydrated, watchConsole, tabsAndCopyWork } from "./helpers";

// Every page is served with a Content-Security-Policy that allows only this
// origin's files and the page's own inline scripts (by hash). Hydration and
// every interactive feature must work under it without a single violation.

/** Records every CSP violation the page reports, from its very first script on. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test("pages hydrate and work under the Content-Security-Policy without violations", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await recordViolations(page);
  const problems = watchConsole(page);

  const home = await page.goto("/");
  const policy = home?.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-inline");
  await hydrated(page);
  expect(await violations(page)).toEqual([]);

  // Tabs and the copy button on the Markdown reference.
  await page.goto("/docs/markdown");
  await hydrated(page);
  await tabsAndCopyWork(page);

  // Theme switching.
  await page.getByRole("combobox", { name: "Theme" }).first().selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");

  // Search as you type, then client-side navigation to a user page (one server-function call).
  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: "Search docs" });
  await box.pressSequentially("cache", { delay: 20 });
  const list = page.getByRole("listbox", { name: "Search results" });
  await expect(list).toHaveAttribute("aria-busy", "false");
  await expect(list.getByRole("option").first()).toBeVisible();

  await page.goto("/user/octocat");
  await hydrated(page);
  await expect(page.locator("li.repo").first()).toBeVisible();

  expect(await violations(page)).toEqual([]);
  expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
});

test("every response carries the security headers", async ({ request }) => {
  for (const path of ["/docs/guide/ssr", "/nope", "/api/github-repos/octocat", "/favicon.svg"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
});
