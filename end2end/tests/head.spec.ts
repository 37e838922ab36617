import { test, expect, type Page } from "@playwright/test";
import { hydrated, watchConsole, markDocument, documentWasKept } from "./helpers";

// The server writes each page's <title> and head tags (leptos_meta); the browser keeps them
// through hydration and, after client navigation, sets the new page's itself (app::seo).

/** The title, and the tags of `<head>` that differ from page to page. */
async function head(page: Page): Promise<{ title: string; tags: string[] }> {
  return page.evaluate(() => ({
    title: document.title,
    tags: Array.from(
      document.head.querySelectorAll(
        "meta[name=description], meta[name=robots], meta[name^='twitter:'], meta[property^='og:'], " +
          "link[rel=canonical], link[rel=alternate][hreflang]",
      ),
    )
      .map((tag) =>
        ["name", "property", "rel", "hreflang", "content", "href"]
          .map((attribute) => `${attribute}=${tag.getAttribute(attribute) ?? ""}`)
          .join(" "),
      )
      .sort(),
  }));
}

/** What the server's page at `path` has in its head (the wasm is not loaded). */
async function headOfDirectLoad(page: Page, path: string) {
  const direct = await page.context().newPage();
  await direct.route(/\.wasm$/, (route) => route.abort());
  await direct.goto(path);
  const seen = await head(direct);
  await direct.close();
  return seen;
}

/** Asks for `username`'s repositories with the form of `/repos`, reached from the navbar. */
async function askFor(page: Page, username: string) {
  await page.locator(".navbar a[href='/repos']").first().click();
  await page.getByLabel("GitHub username").fill(username);
  await page.getByRole("button", { name: "Show repositories" }).click();
}

test("client navigation gives each page the title and head tags a direct load gives it", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/");
  await hydrated(page);
  await markDocument(page);
  let previous = await head(page);
  expect(previous).toEqual(await headOfDirectLoad(page, "/"));
  expect(previous.tags.join("\n")).toMatch(/rel=alternate hreflang=ko content= href=http:\S+\/ko$/m);

  const steps: [string, () => Promise<void>][] = [
    [
      // An article: Open Graph image, canonical URL, language alternates.
      "/docs/markdown",
      async () => {
        await page.locator(".navbar a[href='/docs']").first().click();
        await expect(page).toHaveURL(/\/docs$/);
        await page.locator(".docs-sidebar a[href='/docs/markdown']").first().click();
      },
    ],
    ["/repos", () => page.locator(".navbar a[href='/repos']").first().click()],
    ["/user/alice", () => askFor(page, "alice")],
    // An error page: noindex, and no canonical URL.
    ["/user/no-such-user", () => askFor(page, "no-such-user")],
  ];
  for (const [path, go] of steps) {
    await go();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    const expected = await headOfDirectLoad(page, path);
    await expect.poll(() => head(page)).toEqual(expected);
    expect(expected.title).not.toEqual(previous.title);
    expect(expected.tags).not.toEqual(previous.tags);
    previous = expected;
  }
  expect(previous.tags.join("\n")).toContain("name=robots");
  expect(previous.tags.join("\n")).not.toContain("rel=canonical");
  expect(await documentWasKept(page)).toBe(true);
  // The unknown user's answer is a 404, which the browser reports.
  expect(problems.filter((problem) => !problem.includes("status of 404"))).toEqual([]);
});

test("an error shown inside a page takes the head while it is shown, and gives it back", async ({ page }) => {
  await page.goto("/search?q=hydration");
  await hydrated(page);
  const search = await head(page);
  // Another search, client-side (as the browser's back and forward buttons move it).
  const ask = async (query: string) => {
    await page.evaluate((query) => {
      history.pushState(null, "", `/search?q=${query}`);
      dispatchEvent(new PopStateEvent("popstate"));
    }, query);
    await expect(page).toHaveURL(new RegExp(`q=${query}`));
  };

  // The search fails: the error page's title and tags are shown.
  await page.route(/\/api\/search_docs/, (route) => route.fulfill({ status: 500, body: "" }));
  await ask("cache");
  await expect(page.locator(".error-page")).toBeVisible();
  const failed = await head(page);
  expect(failed.title).not.toEqual(search.title);
  expect(failed.tags).not.toEqual(search.tags);

  // It succeeds again: the search page's come back.
  await page.unroute(/\/api\/search_docs/);
  await ask("server");
  await expect(page.locator(".search-page-results .search-hit-title").first()).toBeVisible();
  await expect.poll(() => head(page)).toEqual(search);
});
