/** `spf-top check`: expectations checked under the schemes they name; the CLI's exit code. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {checkScenarios, formatCheckText} from '../../source/commands/check.ts';
import {raceFreeSchemeIds} from '../../source/sim/schemes/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'spf-top-check-'));

/** A small scenario file: two threads fault and zap one anonymous region. */
function scenarioFile(name: string, expect: string): string {
	const file = join(dir, `${name}.yaml`);
	writeFileSync(
		file,
		`description: two threads fault and zap one region
cpus: 2
sockets: 1
duration: 400us
processes:
  - name: p
    threads: cpus
    mappings:
      - {name: buf, size: 1MiB}
    program:
      - loop:
          body:
            - touch: {region: buf, slice: true}
            - madvise: {region: buf, slice: true}
expect:
${expect}
`,
	);
	return file;
}

test('expectations that hold pass, each one listed', async () => {
	const file = scenarioFile('good', '  violations: 0\n  min_faults: 10\n  speculative: [spf-v12, per-vma]\n  not_speculative: [mmap-sem]\n');
	const [result] = await checkScenarios({scenarios: [file]});
	assert.equal(result!.scenario, 'good');
	assert.ok(result!.pass, formatCheckText([result!]));
	assert.deepEqual(
		result!.checks.map(c => c.text.replace(/\d+(\.\d+)?/g, 'N')),
		[
			`no violations under ${raceFreeSchemeIds.join(', ')}`.replace(/\d+(\.\d+)?/g, 'N'),
			'N faults under mmap-sem (at least N)',
			'speculative faults under spf-vN (N%), per-vma (N%)',
			'no speculative fault under mmap-sem',
		],
	);
});

test('an expectation that fails says what was found', async () => {
	const file = scenarioFile('bad', '  speculative: [mmap-sem]\n  min_faults: 1000000\n  caught:\n    - {scheme: spf-v11, break: skip-seq-recheck}\n');
	const [result] = await checkScenarios({scenarios: [file], schedules: 8, concurrency: 1});
	assert.equal(result!.pass, false);
	const failed = result!.checks.filter(c => !c.ok).map(c => c.text);
	assert.match(failed[0]!, /^\d+ faults under mmap-sem \(at least 1000000\)$/);
	assert.equal(failed[1], 'no speculative fault under mmap-sem (expected some)');
	// No mprotect here: nothing for the broken re-check to miss.
	assert.equal(failed[2], 'spf-v11 --break skip-seq-recheck was not caught: no violation in 8 explored schedules');
	const text = formatCheckText([result!]);
	assert.match(text, /^FAIL {2}bad\n {6}✗ \d+ faults under mmap-sem/);
	assert.match(text, /\n1 scenario checked, 1 failed$/);
});

test('a bad scheme or break name is a load error at FILE:LINE:COL before any run starts', async () => {
	const file = scenarioFile('names', '  caught:\n    - {scheme: spf-v13}\n    - {scheme: per-vma, break: skip-seq-recheck}\n');
	await assert.rejects(checkScenarios({scenarios: [file]}), {
		name: 'ScenarioError',
		message: [
			`${file}:17:16: at expect.caught[0].scheme: unknown value "spf-v13", did you mean "spf-v11"? (allowed: mmap-sem, srcu-2010, refcount-2010, spf-v11, spf-v12, rcu-2021, per-vma)`,
			`${file}:18:32: at expect.caught[1].break: unknown value "skip-seq-recheck" (allowed: no-vma-pin)`,
		].join('\n'),
	});
});

test('the CLI: no stack trace and exit 2 for an unknown scheme, a recursive alias, more threads than CPUs', () => {
	const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
	const cases: [string, string, RegExp][] = [
		['scheme', 'description: d\nscheme: nosuch\nprocesses:\n  - {name: p, program: [think: 1us]}\n', /^spf-top: \S+scheme\.yaml:2:9: at scheme: unknown value "nosuch"/],
		['alias', 'description: d\nprocesses:\n  - name: p\n    program: &a [{loop: {body: *a}}]\n', /^spf-top: \S+alias\.yaml:4:32: at processes\[0\]\.program\[0\]\.loop\.body: recursive alias \*a/],
		['threads', 'description: d\ncpus: 2\nprocesses:\n  - {name: p, threads: 4, program: [think: 1us]}\n', /^spf-top: \S+threads\.yaml:4:24: at processes\[0\]\.threads: scenario "threads" needs 4 threads, more than the 2 CPUs/],
	];
	for (const [name, text, message] of cases) {
		const file = join(dir, `${name}.yaml`);
		writeFileSync(file, text);
		for (const command of ['check', 'compare']) {
			const r = spawnSync(process.execPath, [cli, command, file], {encoding: 'utf8'});
			assert.equal(r.status, 2, `${command} ${name}: ${r.stderr}`);
			assert.match(r.stderr, message, `${command} ${name}`);
			assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${command} ${name}: one line, no stack: ${r.stderr}`);
		}
	}
});

test('the CLI: exit 0 when every scenario passes, 1 when one fails, --json for machines', () => {
	const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
	const good = scenarioFile('cli-good', '  violations: 0\n  speculative: [per-vma]\n');
	const bad = scenarioFile('cli-bad', '  not_speculative: [per-vma]\n');
	const ok = spawnSync(process.execPath, [cli, 'check', good], {encoding: 'utf8'});
	assert.equal(ok.status, 0, ok.stderr);
	assert.match(ok.stdout, /^PASS {2}cli-good\n/);
	assert.match(ok.stdout, /1 scenario checked, all passed\n$/);
	const fail = spawnSync(process.execPath, [cli, 'check', good, bad, '--json'], {encoding: 'utf8'});
	assert.equal(fail.status, 1, fail.stderr);
	const results = JSON.parse(fail.stdout);
	assert.deepEqual(results.map((r: {scenario: string; pass: boolean}) => [r.scenario, r.pass]), [['cli-good', true], ['cli-bad', false]]);
	const usage = spawnSync(process.execPath, [cli, 'check', '--scheme', 'per-vma'], {encoding: 'utf8'});
	assert.equal(usage.status, 2);
	assert.equal(usage.stderr, 'spf-top: --scheme does not apply to spf-top check\n');
});
