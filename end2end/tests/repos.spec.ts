import { test, expect } from "@playwright/test";
import { hydrated, watchConsole, markDocument, documentWasKept, recordRequests } from "./helpers";
import { SECRET_TOKEN } from "../playwright.config";

test("asking for a user navigates client-side with exactly one JSON request", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/repos");
  await hydrated(page);
  await markDocument(page);
  const calls = recordRequests(page, "/api/");
  await page.getByLabel("GitHub username").fill("alice");
  await page.getByRole("button", { name: "Show repositories" }).click();
  await expect(page).toHaveURL(/\/user\/alice$/);
  await expect(page.getByTestId("repo-total")).toHaveText("250");
  await expect(page.locator("li.repo")).toHaveCount(250);
  expect(calls).toEqual(["/api/list_user_repos?username=alice"]);
  expect(await documentWasKept(page)).toBe(true);
  expect(problems).toEqual([]);
});

test("a direct load renders everything on the server and hydration makes no request", async ({ page }) => {
  const calls = recordRequests(page, "/api/");
  const response = await page.goto("/user/alice");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toBe("public, s-maxage=10, stale-while-revalidate=59");
  const html = (await response?.text()) ?? "";
  expect(html.match(/<li [^>]*class="repo"/g)?.length).toBe(250);
  await hydrated(page);
  // Interact to prove the page is live, then check nothing was fetched.
  await page.getByLabel("Sort").selectOption("stars");
  await expect(page).toHaveURL(/sort=stars/);
  expect(calls).toEqual([]);
});

test("an invalid username is explained in the form without any request", async ({ page }) => {
  await page.goto("/repos");
  await hydrated(page);
  const calls = recordRequests(page, "/api/");
  await page.getByLabel("GitHub username").fill("bad--name");
  await page.getByRole("button", { name: "Show repositories" }).click();
  await expect(page.getByRole("alert")).toContainText("two hyphens");
  await expect(page).toHaveURL(/\/repos$/);
  expect(calls).toEqual([]);
});

test("the form works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/repos");
  await page.getByLabel("GitHub username").fill("octocat");
  await page.getByRole("button", { name: "Show repositories" }).click();
  await expect(page).toHaveURL(/\/user\/octocat$/);
  await expect(page.locator("li.repo")).toHaveCount(8);
  await context.close();
});

test("sorting and filtering work instantly and live in the URL", async ({ page }) => {
  await page.goto("/user/alice");
  await hydrated(page);
  const calls = recordRequests(page, "/api/");

  await page.getByLabel("Sort").selectOption("stars");
  await expect(page).toHaveURL(/\?sort=stars$/);
  const stars = await page.locator("li.repo [title=Stars]").allTextContents();
  const numbers = stars.slice(0, 20).map((s) => parseFloat(s.replace("★", "").replace("k", "e3")));
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);

  await page.getByLabel("Language", { exact: true }).selectOption("Rust");
  await expect(page).toHaveURL(/lang=Rust/);
  // Every repository stays in the page; the others are hidden.
  await expect(page.locator("li.repo")).toHaveCount(250);
  const langs = await page.locator("li.repo:visible .repo-lang").allTextContents();
  expect(langs.length).toBe(await page.locator("li.repo:visible").count());
  expect(new Set(langs)).toEqual(new Set(["Rust"]));

  await page.getByLabel("Filter").fill("project-01");
  await expect(page).toHaveURL(/q=project-01/);
  const names = await page.locator("li.repo:visible .repo-name").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toContain("project-01");
  expect(calls).toEqual([]);

  // The same URL loaded directly renders the same view on the server.
  const url = page.url();
  const fresh = await page.context().newPage();
  await fresh.goto(url);
  expect(await fresh.locator("li.repo:visible .repo-name").allTextContents()).toEqual(names);
  await fresh.close();
});

for (const [user, status, text] of [
  ["no-such-user", 404, "Page not found"],
  ["ratelimited", 503, "Service unavailable"],
  ["broken", 502, "Bad gateway"],
  ["teapot", 500, "Internal server error"],
  ["-bad-", 400, "Bad request"],
] as const) {
  test(`the ${status} page for ${user}, loaded directly and after client navigation`, async ({ page }) => {
    const response = await page.goto(`/user/${user}`);
    expect(response?.status()).toBe(status);
    await expect(page.getByRole("heading", { name: text })).toBeVisible();
    await expect(page.locator(".error-code")).toHaveText(String(status));

    await page.goto("/repos");
    await hydrated(page);
    await markDocument(page);
    await page.evaluate((u) => {
      // Navigate client-side as a link would.
      const a = document.createElement("a");
      a.href = `/user/${u}`;
      document.body.appendChild(a);
      a.click();
    }, user);
    await expect(page.getByRole("heading", { name: text })).toBeVisible();
    expect(await documentWasKept(page)).toBe(true);
  });
}

test("the token never reaches the browser", async ({ page, request }) => {
  const response = await page.goto("/user/octocat");
  expect(await response?.text()).not.toContain(SECRET_TOKEN);
  const html = await page.content();
  const wasm = html.match(/\/pkg\/[^"']+\.wasm/)?.[0];
  const js = html.match(/\/pkg\/[^"']+\.js/)?.[0];
  // The loader names both files; neither may be missing from the check.
  expect(wasm).toBeTruthy();
  expect(js).toBeTruthy();
  for (const asset of [wasm!, js!]) {
    // The file itself, not the 404 page a wrong URL would get.
    const response = await request.get(asset);
    expect(response.status(), asset).toBe(200);
    expect(response.headers()["content-type"], asset).not.toContain("text/html");
    const body = await response.body();
    expect(body.length).toBeGreaterThan(1000);
    expect(body.includes(Buffer.from(SECRET_TOKEN))).toBe(false);
  }
  const api = await request.get("/api/github-repos/octocat");
  expect(await api.text()).not.toContain(SECRET_TOKEN);
});
