#!/usr/bin/env node
// make docs-check: every relative link and anchor in the project's Markdown
// files resolves. External links are not fetched (no network but the
// package registries). Usage: check-links.mjs [FILE.md …] (default: every
// Markdown file git knows, tracked or not ignored); --self-test checks that
// a broken link and a broken anchor are caught.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

// GitHub's heading anchors: lower case, punctuation dropped, spaces to
// hyphens, repeats numbered -1, -2, …
function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

// Inline links and images, outside code spans and fenced blocks.
function links(markdown) {
  const found = [];
  let fenced = false;
  markdown.split("\n").forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    const text = line.replace(/`[^`]*`/g, "");
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ target: m[1], line: i + 1 });
    }
  });
  return found;
}

function check(files) {
  const problems = [];
  const cache = new Map();
  const anchorsOf = (path) => {
    if (!cache.has(path)) cache.set(path, anchors(readFileSync(path, "utf8")));
    return cache.get(path);
  };
  for (const file of files) {
    for (const { target, line } of links(readFileSync(file, "utf8"))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, mailto:, …
      const [path, anchor] = target.split("#", 2);
      const dest = path ? resolve(dirname(file), decodeURIComponent(path)) : resolve(file);
      if (!existsSync(dest)) {
        problems.push(`${file}:${line}: ${target}: no such file`);
        continue;
      }
      if (anchor && statSync(dest).isFile() && dest.endsWith(".md") && !anchorsOf(dest).has(anchor)) {
        problems.push(`${file}:${line}: ${target}: no heading with that anchor`);
      }
    }
  }
  return problems;
}

function selfTest() {
  const dir = mkdtempSync(join(tmpdir(), "check-links-"));
  try {
    writeFileSync(join(dir, "a.md"), "# A\n\n## Two words\n\n[ok](#two-words) [ok](b.md#b)\n");
    writeFileSync(join(dir, "b.md"), "# B\n\n[gone](missing.md) [bad](a.md#nowhere)\n");
    const found = check([join(dir, "a.md"), join(dir, "b.md")]);
    const want = ["missing.md: no such file", "a.md#nowhere: no heading with that anchor"];
    const ok = found.length === 2 && want.every((w) => found.some((f) => f.endsWith(w)));
    if (!ok) {
      console.error(`check-links self-test failed: ${JSON.stringify(found)}`);
      process.exit(1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--self-test") {
  selfTest();
} else {
  const files = process.argv.length > 2
    ? process.argv.slice(2)
    : execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"], { encoding: "utf8" })
        .split("\n")
        .filter((f) => f && !f.includes("node_modules/") && existsSync(f));
  const problems = check(files);
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log(`links: ${files.length} Markdown files, every relative link and anchor resolves`);
}
