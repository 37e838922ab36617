// nginx in front of the test server, with the shared HTTP cache of
// scripts/cluster/nginx.conf, standing in for a CDN (cdn.spec.ts).
//   node cdn.mjs PORT UPSTREAM_ADDR
// Runs nginx in the foreground in a temporary folder, removed when it stops.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [port, upstream] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leptra-e2e-cdn-"));
// nginx started by root runs its workers as `nobody`, who must reach the cache folder.
fs.chmodSync(dir, 0o755);
fs.mkdirSync(path.join(dir, "tmp"));
const config = fs
  .readFileSync(path.join(here, "../scripts/cluster/nginx.conf"), "utf8")
  .replaceAll("@DIR@", dir)
  .replaceAll("@PORT@", port)
  .replace("@UPSTREAMS@", `        server ${upstream};`);
fs.writeFileSync(path.join(dir, "nginx.conf"), config);
const nginx = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => nginx.kill("SIGTERM"));
nginx.on("exit", (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
