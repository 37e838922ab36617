// The site exported as static files (`server export`), served by plain nginx, for export.spec.ts.
//   node export.mjs PORT TARGET_DIR FAKE_GITHUB_ADDR OUT
// Exports into OUT (kept for the spec's link checker), then runs nginx in the foreground in a
// temporary folder, removed when it stops. nginx serves the folder as any static host would:
// `/docs/x` from `docs/x/index.html`, `404.html` for what is missing; no proxy, no rewrites.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nginxDir, runNginx } from "./nginx.mjs";

const [port, targetDir, fakeGithub, out] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
fs.rmSync(out, { recursive: true, force: true });
const exported = spawnSync(`${targetDir}/release/server`, ["export", out], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    LEPTOS_SITE_ROOT: path.join(root, "target/site"),
    LEPTOS_OUTPUT_NAME: "leptra",
    LEPTOS_ENV: "PROD",
    LEPTOS_HASH_FILES: "true",
    LEPTRA_SITE_URL: `http://127.0.0.1:${port}`,
    GITHUB_API_URL: `http://${fakeGithub}`,
    GITHUB_TIMEOUT_MS: "3000",
    RUST_LOG: "warn",
  },
});
if (exported.status !== 0) process.exit(exported.status ?? 1);

const dir = nginxDir("leptra-e2e-static-");
// nginx's workers run as `nobody`, who must read the export too.
for (let d = out; d !== path.dirname(d); d = path.dirname(d)) fs.chmodSync(d, fs.statSync(d).mode | 0o005);
const config = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    include /etc/nginx/mime.types;
    types { text/markdown md; }
    server {
        listen 127.0.0.1:${port};
        root ${out};
        location / { try_files $uri $uri/index.html =404; }
        error_page 404 /404.html;
    }
}
`;
runNginx(dir, config);
