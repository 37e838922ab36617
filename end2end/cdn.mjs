// nginx in front of the test server, with the shared HTTP cache of
// scripts/cluster/nginx.conf, standing in for a CDN (cdn.spec.ts).
//   node cdn.mjs PORT UPSTREAM_ADDR
// Runs nginx in the foreground in a temporary folder, removed when it stops.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nginxDir, runNginx } from "./nginx.mjs";

const [port, upstream] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = nginxDir("leptra-e2e-cdn-");
const config = fs
  .readFileSync(path.join(here, "../scripts/cluster/nginx.conf"), "utf8")
  .replaceAll("@DIR@", dir)
  .replaceAll("@PORT@", port)
  .replace("@UPSTREAMS@", `        server ${upstream};`);
runNginx(dir, config);
