import { test, expect } from "@playwright/test";
import { hydrated, markDocument, documentWasKept, watchConsole } from "./helpers";

test("the locale switcher keeps the page and does not reload", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/docs/guide/ssr");
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator(".toc-title")).toHaveText("On this page");
  await markDocument(page);
  await page.locator(".locale-switch select").selectOption("ko");
  await expect(page).toHaveURL(/\/ko\/docs\/guide\/ssr$/);
  await expect(page.locator(".toc-title")).toHaveText("이 페이지에서");
  await expect(page.locator(".navbar-links")).toContainText("문서");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.locator(".docs-article h1").first()).toBeVisible();
  expect(await documentWasKept(page)).toBe(true);
  // And back.
  await page.locator(".locale-switch select").selectOption("en");
  await expect(page).toHaveURL(/\/docs\/guide\/ssr$/);
  await expect(page.locator(".toc-title")).toHaveText("On this page");
  expect(await documentWasKept(page)).toBe(true);
  expect(problems.filter((p) => /hydrat/i.test(p))).toEqual([]);
});

test("other pages move to their Korean address without reloading", async ({ page }) => {
  await page.goto("/repos");
  await hydrated(page);
  await markDocument(page);
  await page.locator(".locale-switch select").selectOption("ko");
  await expect(page).toHaveURL(/\/ko\/repos$/);
  await expect(page.locator("label[for=username]")).toHaveText("GitHub 사용자 이름");
  expect(await documentWasKept(page)).toBe(true);
  // The address holds the language: a reload (or a shared link) stays Korean.
  await page.reload();
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.locator("label[for=username]")).toHaveText("GitHub 사용자 이름");
  // And the form keeps it: the user page is Korean too.
  await page.locator("#username").fill("octocat");
  await page.getByRole("button", { name: "저장소 보기" }).click();
  await expect(page).toHaveURL(/\/ko\/user\/octocat$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
});

test("a Korean browser lands on the Korean home page", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/ko$/);
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.locator(".hero h1")).toHaveText("Rust로 만드는 문서 사이트와 서버 데이터.");
  expect(problems.filter((p) => /hydrat/i.test(p))).toEqual([]);
  await context.close();
});

test("an English browser stays on the English home page", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/");
  await hydrated(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator(".hero h1")).toHaveText("Documentation sites and server-side data, in Rust.");
  await context.close();
});
