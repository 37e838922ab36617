import { test, expect, type Page } from "@playwright/test";
import { hydrated, watchConsole, markDocument, documentWasKept, tabsAndCopyWork } from "./helpers";

// Every page is a leptos_router <Route>; pages with data load it with a resource over their
// server function. A direct load hydrates from the data in the page (no request), and each
// client navigation to a page with other data asks its server function once.

/** Records the server-function requests (`/api/…`) the page makes. */
function recordCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith("/api/")) calls.push(url.pathname + url.search);
  });
  return calls;
}

test("client navigation brings every kind of page with one request for its data, and each works", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const problems = watchConsole(page);
  const calls = recordCalls(page);
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  expect(calls).toEqual([]);

  // Docs: the index, then a page with tabs and copy buttons, one get_doc_page each.
  await page.locator(".navbar a[href='/docs']").first().click();
  await expect(page.locator(".docs-body h1, .docs-body h2").first()).toBeVisible();
  expect(calls.filter((call) => call.startsWith("/api/get_doc_page"))).toHaveLength(1);
  calls.length = 0;
  await page.locator(".docs-sidebar a[href='/docs/markdown']").first().click();
  await expect(page).toHaveURL(/\/docs\/markdown$/);
  await expect(page.locator(".docs-article h1")).toBeVisible();
  expect(calls).toEqual([expect.stringMatching(/^\/api\/get_doc_page\?/)]);
  await tabsAndCopyWork(page);

  // A user's repositories: the form, then one list_user_repos; sorting and filtering ask nothing.
  await page.locator(".navbar a[href='/repos']").first().click();
  await page.getByLabel("GitHub username").fill("alice");
  calls.length = 0;
  await page.getByRole("button", { name: "Show repositories" }).click();
  await expect(page).toHaveURL(/\/user\/alice$/);
  await expect(page.locator("li.repo")).toHaveCount(250);
  expect(calls).toEqual([expect.stringMatching(/^\/api\/list_user_repos\?username=alice&?$/)]);
  await page.getByLabel("Filter").fill("project-01");
  await expect(page).toHaveURL(/q=project-01/);
  const names = await page.locator("li.repo:visible .repo-name").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toContain("project-01");
  await page.getByLabel("Sort").selectOption("stars");
  await expect(page).toHaveURL(/sort=stars/);
  expect(calls).toHaveLength(1);

  expect(await documentWasKept(page)).toBe(true);
  expect(problems).toEqual([]);
});

test("a direct load fetches one bundle and hydrates from the page's own data", async ({ page }) => {
  const problems = watchConsole(page);
  const calls = recordCalls(page);
  const wasm: string[] = [];
  page.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  for (const path of ["/user/hundred", "/docs/guide/ssr", "/search?q=hydration"]) {
    wasm.length = 0;
    await page.goto(path);
    await hydrated(page);
    expect(wasm, path).toEqual([expect.stringMatching(/^\/pkg\/leptra\.[^/]+\.wasm$/)]);
  }
  await expect(page.locator(".search-page-results .search-hit-title").first()).toBeVisible();
  expect(calls).toEqual([]);
  expect(problems).toEqual([]);
});
