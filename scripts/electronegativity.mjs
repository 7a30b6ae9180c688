#!/usr/bin/env node
/**
 * Runs Doyensec's electronegativity on the Electron code (main, preload, and the engine it loads)
 * assuming the pinned Electron version, and fails on any HIGH or CRITICAL finding. Lower findings
 * are printed for review. (The CSP is injected at build time, so the source scan reports "no CSP"
 * as MEDIUM; the CSP itself is checked by test/unit/desktop/desktop-contract.test.ts.)
 * `node scripts/electronegativity.mjs` — also a step of .ci/run.
 *
 * It calls the scanner's own API rather than its CLI: the CLI writes its CSV report with two
 * concurrent asynchronous writes, the header's truncating the file, so when it lands second only
 * the header is left (CI saw such reports, which would pass the gate without a finding). The API
 * hands back the findings and the files it could not parse.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const ROOT = join(import.meta.dirname, '..');
const electronVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).optionalDependencies.electron;
const BLOCKING = new Set(['HIGH', 'CRITICAL']);
const ATTEMPTS = 3;
const scan = createRequire(import.meta.url)('@doyensec/electronegativity');

let result = null;
for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
  result = await scan(
    { input: join(ROOT, 'electron'), isRelative: true, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [], parserPlugins: [] },
    false,
  );
  if (complete(result)) break;
  process.stderr.write(`electronegativity: attempt ${attempt} of ${ATTEMPTS} incomplete (${problemOf(result)})\n`);
}

if (!complete(result)) {
  process.stderr.write(`electronegativity: no complete scan in ${ATTEMPTS} attempts (${problemOf(result)}): the gate cannot pass without one\n`);
  for (const error of result.errors) process.stderr.write(`  ${error.file}: ${error.message}\n`);
  process.exitCode = 1;
} else {
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    where: issue.location ? `${issue.file}:${issue.location.line}:${issue.location.column}` : issue.file,
  }));
  for (const finding of findings) process.stdout.write(`${finding.severity.padEnd(13)} ${finding.confidence.padEnd(9)} ${finding.id} ${finding.where}\n`);
  const blocking = findings.filter((finding) => BLOCKING.has(finding.severity));
  process.stdout.write(`electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${blocking.length} high or critical\n`);
  process.exitCode = blocking.length > 0 ? 1 : 0;
}

/**
 * Every file parsed, and at least one finding: these sources carry no CSP (it is injected at
 * build time), so a scan that read them always reports CSP_GLOBAL_CHECK; none means nothing was read.
 */
function complete({ errors, issues, atomicChecks }) {
  return atomicChecks > 0 && errors.filter((error) => !error.tolerable).length === 0 && issues.length > 0;
}

function problemOf({ errors, issues, atomicChecks }) {
  const unparsed = errors.filter((error) => !error.tolerable).length;
  return `${atomicChecks} checks loaded, ${unparsed} file(s) not parsed, ${issues.length} finding(s)`;
}
