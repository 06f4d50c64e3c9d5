#!/usr/bin/env node
// Fails when a file of the repository reaches outside it: a relative path that climbs above the root
// (`../../shared/fixtures/…`), or any mention of the CI-only `../shared` folder. A user's clone has
// neither, so such a test or script breaks there. `.ci/run` alone may call ../shared/checks.
// Usage: node .ci/check-paths.mjs   (exit 1 with the offending lines, 0 when clean)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWED = new Set(['.ci/run', '.ci/check-paths.mjs']);
// Text files worth reading; lockfiles and fixtures are data.
const TEXT = /\.(?:[cm]?[jt]s|json|sh|md|ya?ml|hbs|html|css)$|(?:^|\/)\.ci\/[^/.]+$/;
const SKIP = /(?:^|\/)(?:package-lock\.json|fixtures\/)/;
// A relative path of one or more `../`, as written in code, links or shell.
const CLIMB = /(?<![\w.\/-])(?:\.\.\/)+[\w.@\/-]*/g;

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && TEXT.test(file) && !SKIP.test(file) && !ALLOWED.has(file));

const problems = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(resolve(root, file), 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (/\.\.\/shared\b/.test(line)) problems.push(`${where}: mentions ../shared, which only this machine and CI have`);
    for (const match of line.matchAll(CLIMB)) {
      const target = resolve(root, dirname(file), match[0]);
      if (target !== root && !target.startsWith(root + sep)) problems.push(`${where}: ${match[0]} leaves the repository (${relative(root, target)})`);
    }
  });
}

if (problems.length > 0) {
  console.error(`check-paths: ${problems.length} reference(s) outside the repository; commit what they need into the repo instead:`);
  for (const problem of [...new Set(problems)]) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`check-paths: ${files.length} files, none reaches outside the repository`);
