import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Every kind of page, as the server sends it, passes the Nu Html Checker (npm `vnu-jar`, on
 * Java 11 or later; `scripts/setup.sh --test` installs both). The docs pages are the ones with
 * the built-ins (tabs, callouts, cards, steps, file trees, code, math), in both locales; the
 * Korean one at `/ko/docs/markdown` is the English page under Korean chrome.
 */
const PAGES: [path: string, status: number][] = [
  ["/", 200],
  ["/ko", 200],
  ["/repos", 200],
  ["/ko/repos", 200],
  ["/docs", 200],
  ["/ko/docs", 200],
  ["/docs/markdown", 200],
  ["/ko/docs/markdown", 200],
  ["/ko/docs/getting-started", 200],
  ["/docs/guide/ssr", 200],
  ["/docs/0.1/guide/ssr", 200],
  ["/search?q=hydration", 200],
  ["/ko/search?q=leptos", 200],
  ["/user/octocat", 200],
  ["/user/no-such-user", 404],
  ["/this/does/not/exist", 404],
];

const VNU_JAR = path.join(__dirname, "../node_modules/vnu-jar/build/dist/vnu.jar");

/**
 * What Leptos itself writes and the checker would flag: the `<!>` comments that tell text nodes
 * apart for hydration (a "bogus comment" to the HTML parser), and the resource and hydration
 * scripts it appends after `</html>`.
 */
function withoutLeptosMarkers(html: string): string {
  const end = html.lastIndexOf("</html>");
  return (end < 0 ? html : html.slice(0, end + "</html>".length)).replaceAll("<!>", "");
}

type Message = { type: string; subType?: string; message: string; url?: string; lastLine?: number; extract?: string };

/** CSS the checker does not know yet: it rejects the valid `mask` shorthand. */
function isKnownCheckerGap(message: Message): boolean {
  return message.message.startsWith("CSS:") && /\bmask\b/.test(message.message);
}

/** The checker's errors for each file, in one run of the JVM. */
function check(files: string[]): Message[] {
  const run = spawnSync("java", ["-jar", VNU_JAR, "--format", "json", "--exit-zero-always", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  // The report goes to stderr.
  const report = JSON.parse(run.stderr) as { messages: Message[] };
  return report.messages.filter((message) => message.type !== "info" && !isKnownCheckerGap(message));
}

/** A page the checker must fault, checked in the same run: proof that it read the files. */
const CANARY = '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><input role="x"></body></html>';

test("every kind of page passes the Nu Html Checker", async ({ request }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leptra-markup-"));
  // The checker names each file by its URL.
  const pages: Record<string, string> = {};
  const canary = path.join(dir, "canary.html");
  fs.writeFileSync(canary, CANARY);
  for (const [index, [url, status]] of PAGES.entries()) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(status);
    const file = path.join(dir, `page-${index}.html`);
    fs.writeFileSync(file, withoutLeptosMarkers(await response.text()));
    pages[`file:${file}`] = url;
  }
  const messages = check([canary, ...Object.keys(pages).map((url) => url.slice("file:".length))]);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(messages.filter((message) => message.url === `file:${canary}`).length, "the canary's fault").toBeGreaterThan(0);
  const problems = messages
    .filter((message) => message.url !== `file:${canary}`)
    .map((message) => {
      const page = message.url ? pages[message.url] ?? message.url : "?";
      return `${page}:${message.lastLine ?? "?"}: ${message.type}: ${message.message} [${message.extract ?? ""}]`;
    });
  expect(problems).toEqual([]);
});
