// Issue 10's seeded fuzz test: a few hostile cases per category against the built CLI
// (dist/cli.js; `npm test` builds it first), each held to no stack trace, the documented
// exit code, a minute (a hang, not slowness on a loaded machine) and 1 GiB, and no input or
// earlier output lost. bench/fuzz.ts runs the same cases by the hundred and counts them.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import fc from 'fast-check';
import {arbitraries, categories, makeFixtures, type Fixtures} from './cases.ts';
import {readyMs} from '../until.ts';
import {runCase} from './run-case.ts';

const root = mkdtempSync(join(tmpdir(), 'spf-fuzz-test-'));
let fixtures: Fixtures;
let next = 0;
before(() => {
	fixtures = makeFixtures(join(root, 'fixtures'));
});
after(() => rmSync(root, {recursive: true, force: true}));

const runs: Record<(typeof categories)[number], number> = {scenario: 4, flags: 4, recording: 4, output: 3, signal: 2};

describe('hostile CLI input: no stack trace, the documented exit, bounded time and memory, no data lost', {concurrency: 2}, () => {
	for (const category of categories) {
		test(category, async () => {
			await fc.assert(
				fc.asyncProperty(arbitraries[category], async fuzzCase => {
					const dir = join(root, `case-${next++}`);
					mkdirSync(dir);
					const prepared = fuzzCase.prepare(dir, fixtures);
					const result = await runCase(prepared, dir, {timeoutMs: readyMs});
					assert.equal(result.outcome, 'clean', `${fuzzCase}: spf-top ${prepared.args.join(' ')}: ${result.outcome}: ${result.detail}`);
				}),
				// Seeded so a failure reproduces; no shrinking, which would rerun slow cases for minutes.
				{seed: 10 + categories.indexOf(category), numRuns: runs[category], endOnFailure: true, includeErrorInReport: true},
			);
		});
	}
});
