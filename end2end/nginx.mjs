// nginx for the specs that put it in front of a site (cdn.mjs, export.mjs): a temporary
// folder of its own, and nginx run in the foreground there, the folder removed when it stops.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A new folder for nginx's files, named with `prefix`, that its workers can reach. */
export function nginxDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // nginx started by root runs its workers as `nobody`, who must reach this folder.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, "tmp"));
  return dir;
}

/** Runs nginx with `config` in `dir` until it stops or this process is told to; then removes `dir`. */
export function runNginx(dir, config) {
  fs.writeFileSync(path.join(dir, "nginx.conf"), config);
  const nginx = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => nginx.kill("SIGTERM"));
  nginx.on("exit", (code) => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
}
