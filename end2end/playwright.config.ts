import { defineConfig } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The browser tests run against a release build: the real server talking to
// the project's fake GitHub on loopback. Playwright starts and stops both; both
// binaries are in the one target folder (`cargo build --release -p testkit --bin fake-github`).
const targetDir = process.env.LEPTRA_TARGET_DIR ?? path.resolve(__dirname, "../target");
const root = path.resolve(__dirname, "..");
// LEPTRA_E2E_PORT_BASE moves the servers (fake GitHub on the base port, the
// site on the next, the watching site after it, then nginx in front of the site, then a second site) so that two checkouts can run the suite at once.
const PORT_BASE = process.env.LEPTRA_E2E_PORT_BASE ? Number(process.env.LEPTRA_E2E_PORT_BASE) : undefined;
const FAKE_PORT = PORT_BASE ?? 3101;
export const SITE_PORT = PORT_BASE === undefined ? 3300 : PORT_BASE + 1;
/** A second server that watches a copy of the content, for live-content tests. */
export const LIVE_PORT = PORT_BASE === undefined ? 3301 : PORT_BASE + 2;
/** nginx with the cluster's HTTP cache in front of the site, for cdn.spec.ts. */
export const CDN_PORT = PORT_BASE === undefined ? 3302 : PORT_BASE + 3;
export const LIVE_CONTENT_DIR = path.join(os.tmpdir(), "leptra-e2e-live-content");
/** A third server on another content folder: another site (site.spec.ts). */
export const SECOND_SITE_PORT = PORT_BASE === undefined ? 3303 : PORT_BASE + 4;
export const SECOND_SITE_DIR = path.join(os.tmpdir(), "leptra-e2e-second-site");
/** The site exported as static files (`server export`), served by plain nginx (export.spec.ts). */
export const EXPORT_PORT = PORT_BASE === undefined ? 3304 : PORT_BASE + 5;
export const EXPORT_DIR = path.join(os.tmpdir(), "leptra-e2e-export");

// The copy is made once, by the runner (workers load this file too, while the server runs).
if (!process.env.TEST_WORKER_INDEX) {
  fs.rmSync(LIVE_CONTENT_DIR, { recursive: true, force: true });
  fs.cpSync(path.join(root, "content"), LIVE_CONTENT_DIR, { recursive: true });
  writeSecondSite(SECOND_SITE_DIR);
}

/** Another site: its own name, logo, GitLab project, footer, banner and accent, and a few pages. */
function writeSecondSite(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write(
    "site.toml",
    [
      'name = "Quokka Docs"',
      'title = "%s | Quokka Docs"',
      'description = "Everything about quokkas."',
      "[logo]",
      'text = "Quokka"',
      "[project]",
      'link = "https://gitlab.com/quokka/docs"',
      "[footer]",
      'text = { en = "Made by quokkas.", ko = "쿼카가 만들었습니다." }',
      "[banner]",
      'key = "spring-2027"',
      'text = "Quokka 2.0 is out —"',
      'link = { text = "read the notes", href = "/docs/feeding" }',
      "[accent]",
      'light = "#1d6b3a"',
      'dark = "#6fdc8c"',
      "[search]",
      'placeholder = { en = "Find a quokka…", ko = "쿼카 찾기…" }',
      "",
    ].join("\n"),
  );
  write("en/_meta.json", '{ "index": "Welcome", "feeding": "Feeding" }');
  write("en/index.md", "---\ntitle: Welcome\n---\n\n# Welcome\n\nQuokkas are small marsupials.\n");
  write("en/feeding.md", "---\ntitle: Feeding\n---\n\n# Feeding\n\nMostly leaves.\n");
  write("ko/index.md", "---\ntitle: 환영합니다\n---\n\n# 환영합니다\n\n쿼카는 작은 유대류입니다.\n");
}

export const SECRET_TOKEN = "ghp_leptra_e2e_secret_token_value";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${SITE_PORT}`,
    trace: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      command: `${targetDir}/release/fake-github --addr 127.0.0.1:${FAKE_PORT}`,
      url: `http://127.0.0.1:${FAKE_PORT}/__fake/stats`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `${targetDir}/release/server`,
      cwd: root,
      url: `http://127.0.0.1:${SITE_PORT}/`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${SITE_PORT}`,
        LEPTOS_SITE_ROOT: path.join(root, "target/site"),
        LEPTOS_OUTPUT_NAME: "leptra",
        LEPTOS_ENV: "PROD",
        LEPTOS_HASH_FILES: "true",
        GITHUB_API_URL: `http://127.0.0.1:${FAKE_PORT}`,
        GITHUB_TOKEN: SECRET_TOKEN,
        GITHUB_TIMEOUT_MS: "3000",
        RUST_LOG: "warn",
      },
    },
    {
      command: `${targetDir}/release/server`,
      cwd: root,
      url: `http://127.0.0.1:${LIVE_PORT}/`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${LIVE_PORT}`,
        LEPTOS_SITE_ROOT: path.join(root, "target/site"),
        LEPTOS_OUTPUT_NAME: "leptra",
        LEPTOS_ENV: "PROD",
        LEPTOS_HASH_FILES: "true",
        LEPTRA_CONTENT_DIR: LIVE_CONTENT_DIR,
        LEPTRA_WATCH_CONTENT: "true",
        GITHUB_API_URL: `http://127.0.0.1:${FAKE_PORT}`,
        GITHUB_TIMEOUT_MS: "3000",
        RUST_LOG: "warn",
      },
    },
    {
      command: `${targetDir}/release/server`,
      cwd: root,
      url: `http://127.0.0.1:${SECOND_SITE_PORT}/`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${SECOND_SITE_PORT}`,
        LEPTOS_SITE_ROOT: path.join(root, "target/site"),
        LEPTOS_OUTPUT_NAME: "leptra",
        LEPTOS_ENV: "PROD",
        LEPTOS_HASH_FILES: "true",
        LEPTRA_CONTENT_DIR: SECOND_SITE_DIR,
        GITHUB_API_URL: `http://127.0.0.1:${FAKE_PORT}`,
        GITHUB_TIMEOUT_MS: "3000",
        RUST_LOG: "warn",
      },
    },
    {
      command: `node export.mjs ${EXPORT_PORT} ${targetDir} 127.0.0.1:${FAKE_PORT} ${EXPORT_DIR}`,
      cwd: __dirname,
      url: `http://127.0.0.1:${EXPORT_PORT}/sitemap.xml`,
      // The export renders every page and social image first.
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: `node cdn.mjs ${CDN_PORT} 127.0.0.1:${SITE_PORT}`,
      cwd: __dirname,
      // nginx answers 502 until the site is up.
      url: `http://127.0.0.1:${CDN_PORT}/robots.txt`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
