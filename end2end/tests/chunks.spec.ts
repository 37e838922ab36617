import { test, expect, type Page } from "@playwright/test";
import { hydrated, watchConsole, markDocument, documentWasKept, tabsAndCopyWork, showsLoadFailure } from "./helpers";

// The release bundle is split (app::chunk): the docs, search and user pages (and the navbar
// search's dropdown) have their code in chunks, fetched when a page first needs them. A direct
// load of one of those pages starts its family's bundle instead (pkg/docs, pkg/search,
// pkg/user), which holds that family's code and has the others' in chunks.

/** Records the names of the chunks (`split_*.wasm`, of any bundle) the page fetches. */
function recordChunks(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (req) => {
    const name = new URL(req.url()).pathname.match(/\/pkg\/(?:[a-z]+\/)?split_([a-z]+)\.[^/]*\.wasm$/)?.[1];
    if (name && !seen.includes(name)) seen.push(name);
  });
  return seen;
}

/** Answers every request for the chunk `name` (of any bundle) with a 404. */
async function withoutChunk(page: Page, name: string) {
  await page.route(new RegExp(`/pkg/([a-z]+/)?split_${name}\\.[^/]*\\.wasm$`), (route) => route.fulfill({ status: 404, body: "" }));
}

test("client navigation fetches each chunk when first needed, and every page it brings works", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const problems = watchConsole(page);
  const chunks = recordChunks(page);
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  expect(chunks).toEqual([]);

  // The navbar search: its dropdown comes with the search chunk.
  const box = page.getByRole("combobox", { name: "Search docs" });
  await box.click();
  await box.pressSequentially("hydration", { delay: 20 });
  await expect(page.getByRole("listbox").getByRole("option").first()).toBeVisible();
  expect(chunks).toEqual(["search"]);
  await box.press("Escape");
  await box.press("Escape");

  // Docs: tabs and copy buttons.
  await page.locator(".navbar a[href='/docs']").first().click();
  await expect(page.locator(".docs-body h1, .docs-body h2").first()).toBeVisible();
  expect(chunks).toEqual(["search", "docs"]);
  await page.locator(".docs-sidebar a[href='/docs/markdown']").first().click();
  await expect(page).toHaveURL(/\/docs\/markdown$/);
  await tabsAndCopyWork(page);

  // A user's repositories: sort and filter.
  await page.locator(".navbar a[href='/repos']").first().click();
  await page.getByLabel("GitHub username").fill("alice");
  await page.getByRole("button", { name: "Show repositories" }).click();
  await expect(page.locator("li.repo")).toHaveCount(250);
  expect(chunks).toEqual(["search", "docs", "user"]);
  await page.getByLabel("Filter").fill("project-01");
  await expect(page).toHaveURL(/q=project-01/);
  const names = await page.locator("li.repo:visible .repo-name").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toContain("project-01");
  await page.getByLabel("Sort").selectOption("stars");
  await expect(page).toHaveURL(/sort=stars/);

  expect(await documentWasKept(page)).toBe(true);

  // A direct load of the search page starts the search pages' bundle: no chunk.
  chunks.length = 0;
  await page.goto("/search?q=hydration");
  await hydrated(page);
  await expect(page.locator(".search-page-results .search-hit-title").first()).toBeVisible();
  expect(chunks).toEqual([]);
  expect(problems).toEqual([]);
});

test("a direct load starts its page family's bundle, one request per file, and moves on with its chunks", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const problems = watchConsole(page);
  const chunks = recordChunks(page);
  const wasm: string[] = [];
  page.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  await page.goto("/user/hundred");
  await hydrated(page);
  expect(wasm).toEqual([expect.stringMatching(/^\/pkg\/user\/leptra\.[^/]+\.wasm$/)]);
  expect(chunks).toEqual([]);
  expect(await page.locator("link[rel=preload]").count()).toBe(0);
  await page.getByLabel("Sort").selectOption("stars");
  await expect(page).toHaveURL(/sort=stars/);

  // Client navigation from there fetches the other families' chunks, from the same bundle.
  await markDocument(page);
  await page.locator(".navbar a[href='/docs']").first().click();
  await expect(page.locator(".docs-body h1, .docs-body h2").first()).toBeVisible();
  await page.locator(".docs-sidebar a[href='/docs/markdown']").first().click();
  await expect(page).toHaveURL(/\/docs\/markdown$/);
  await tabsAndCopyWork(page);
  expect(chunks).toEqual(["docs"]);
  expect(wasm.filter((path) => !path.startsWith("/pkg/user/"))).toEqual([]);
  expect(new Set(wasm).size).toBe(wasm.length);
  expect(await documentWasKept(page)).toBe(true);
  expect(problems).toEqual([]);
});

test("client navigation to a page whose chunk cannot be fetched says so; the rest of the site works", async ({
  page,
}) => {
  await withoutChunk(page, "docs");
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  await page.locator(".navbar a[href='/docs']").first().click();
  await expect(page).toHaveURL(/\/docs$/);
  const failed = page.locator("main .load-failed");
  await expect(failed).toHaveAttribute("role", "alert");
  await expect(failed).toContainText("could not be loaded");
  // Its link loads the page from the server, which is readable without the chunk.
  const reload = failed.getByRole("link", { name: "Reload" });
  await expect(reload).toHaveAttribute("href", "/docs");
  await expect(reload).toHaveAttribute("rel", "external");
  // The site around it still works, without a reload.
  await page.locator(".navbar a[href='/repos']").first().click();
  await expect(page.getByLabel("GitHub username")).toBeVisible();
  expect(await documentWasKept(page)).toBe(true);
  // The link's direct load starts the docs pages' own bundle, which holds their code.
  await page.goto("/docs");
  await hydrated(page);
  await expect(page.locator(".docs-body h1, .docs-body h2").first()).toBeVisible();
  await expect(page.locator("#load-failure")).toHaveCount(0);
});

test("a search box whose chunk cannot be fetched says so", async ({ page }) => {
  await withoutChunk(page, "search");
  await page.goto("/");
  await hydrated(page);
  const box = page.getByRole("combobox", { name: "Search docs" });
  await box.click();
  await box.pressSequentially("hydration", { delay: 20 });
  await expect(page.locator("form.search [role=status]")).toContainText("could not be loaded");
});
