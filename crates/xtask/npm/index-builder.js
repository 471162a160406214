#!/usr/bin/env node
// The `index-builder` command of the npm package: runs the binary of this machine's platform
// package (`@sift-search/<os>-<cpu>`, installed through optionalDependencies) with the same
// arguments, standard input and output, and ends as it ended: the same exit code, or killed
// by the same signal. `cargo xtask release` writes this file into the package unchanged.
"use strict";

const { spawn } = require("node:child_process");
const os = require("node:os");

const platform = `${process.platform}-${process.arch}`;
const name = `@sift-search/${platform}`;
const exe = process.platform === "win32" ? "index-builder.exe" : "index-builder";

let binary;
try {
  binary = require.resolve(`${name}/bin/${exe}`);
} catch {
  console.error(
    `error: no index-builder for ${platform}: its package ${name} is not installed ` +
      `(npm skips it on another platform, or with --omit=optional); the platforms ` +
      `built are listed in the README of sift-search`,
  );
  process.exit(1);
}

// Signals sent to this process alone (a CI job's timeout, `kill`) reach the binary too. The
// handlers are in place before the binary starts, so none is missed.
let child;
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
for (const signal of forwarded) {
  process.on(signal, () => child && child.kill(signal));
}

child = spawn(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
child.on("error", (error) => {
  console.error(`error: cannot run ${binary}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal === null) {
    process.exit(code);
  }
  // Die of the same signal, so that the caller sees what it would have seen.
  for (const s of forwarded) {
    process.removeAllListeners(s);
  }
  process.exitCode = 128 + (os.constants.signals[signal] || 0);
  process.kill(process.pid, signal);
});
