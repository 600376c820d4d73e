import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';

// `npm test` builds dist/cli.js first; these tests run the real bundle as a user would.
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

function spfTop(...args: string[]): {code: number | null; stdout: string; stderr: string} {
	const r = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

test('--headless prints a summary of the default scenario', () => {
	const r = spfTop('--headless', '--duration', '2ms');
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /spf-top · default · scheme mmap-sem · 8 CPUs on socket 0 of 2 · xeon-gold-6130-2s · seed 1/);
	assert.match(r.stdout, /^simulated\s+2\.000 ms/m);
	assert.match(r.stdout, /^faults\s+[\d,]+ · [\d.]+ [kM]?\/s/m);
	assert.match(r.stdout, /^latency\s+p50 .* p99 .* max /m);
	assert.match(r.stdout, /^lock wait\s+mmap_sem \d+\.\d%/m);
	assert.match(r.stdout, /^writers\s+mmap \d+ · munmap \d+ · mprotect \d+ · madvise \d+/m);
	assert.match(r.stdout, /^violations\s+0$/m);
});

test('--json prints one JSON object with the summary, and runs are reproducible', () => {
	const a = spfTop('page-fault1', '--headless', '--json', '--cpus', '4', '--duration', '1ms', '--seed', '3');
	const b = spfTop('page-fault1', '--headless', '--json', '--cpus', '4', '--duration', '1ms', '--seed', '3');
	assert.equal(a.code, 0, a.stderr);
	const summary = JSON.parse(a.stdout);
	assert.equal(summary.scenario, 'page-fault1');
	assert.equal(summary.cpus, 4);
	assert.equal(summary.seed, 3);
	assert.equal(summary.simNs, 1_000_000);
	assert.ok(summary.faults > 0);
	assert.equal(summary.faultsPerSec, summary.faults * 1000);
	assert.equal(summary.violations.count, 0);
	assert.equal(a.stdout, b.stdout);
	const c = spfTop('page-fault1', '--headless', '--json', '--cpus', '4', '--duration', '1ms', '--seed', '4');
	assert.notEqual(c.stdout, a.stdout);
});

test('mmap_sem stops scaling: faults per CPU fall as CPUs grow on page-fault1', () => {
	const perCpu = (cpus: number): number => JSON.parse(spfTop('page-fault1', '--headless', '--json', '--cpus', String(cpus), '--duration', '2ms').stdout).faults / cpus;
	const one = perCpu(1);
	const many = perCpu(32);
	assert.ok(many < one / 4, `per-CPU faults: 1 CPU ${one}, 32 CPUs ${many}`);
});

test('scenarios lists every built-in with its description', () => {
	const r = spfTop('scenarios');
	assert.equal(r.code, 0);
	for (const name of ['default', 'page-fault1', 'page-fault1-process', 'page-fault2', 'page-fault3', 'ebizzy', 'pft', 'multi-fault', 'kernbench', 'app-launch']) {
		assert.match(r.stdout, new RegExp(`^${name}\\s+\\S`, 'm'));
	}
});

test('bad flags and values name the flag, the value and what is allowed, exit 2', () => {
	let r = spfTop('--headless', '--cpus', 'many');
	assert.equal(r.code, 2);
	assert.equal(r.stderr.trim(), 'spf-top: --cpus "many" is not an integer from 1 to 1024');
	r = spfTop('--headless', '--scheme', 'magic');
	assert.equal(r.code, 2);
	assert.match(r.stderr, /--scheme "magic" is not known \(allowed: mmap-sem/);
	r = spfTop('--headless', '--duration', 'soon');
	assert.equal(r.code, 2);
	assert.match(r.stderr, /--duration "soon" is not a duration/);
	r = spfTop('--headless', '--frobnicate');
	assert.equal(r.code, 2);
	assert.match(r.stderr, /unknown flag --frobnicate/);
	assert.match(r.stderr, /--frobnicate/);
	r = spfTop('no-such-scenario', '--headless');
	assert.equal(r.code, 2);
	assert.match(r.stderr, /not a built-in scenario \(built-in: app-launch, default/);
	r = spfTop('--headless', '--break', 'skip-seq-recheck');
	assert.equal(r.code, 2);
	assert.equal(r.stderr.trim(), 'spf-top: --break skip-seq-recheck: scheme mmap-sem has no such protection to remove (schemes that have it: srcu-2010, spf-v11, spf-v12)');
	r = spfTop('page-fault1', '--headless', '--cpus', '2', '--sockets', '3');
	assert.equal(r.code, 2);
	assert.match(r.stderr, /sockets must be an integer from 1 to 2 \(at most the CPU count and 32\), got 3/);
});

test('a bad scenario file is reported with file, line, column and field path, exit 2, no stack', () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-'));
	const file = join(dir, 'bad.yaml');
	writeFileSync(file, 'description: bad\nprocesses:\n  - name: p\n    program:\n      - think: lots\n');
	const r = spfTop(file, '--headless');
	assert.equal(r.code, 2);
	assert.match(r.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}:5:\\d+: at processes\\[0\\]\\.program\\[0\\]\\.think`));
	assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('--help and --version', () => {
	const help = spfTop('--help');
	assert.equal(help.code, 0);
	assert.match(help.stdout, /--headless/);
	assert.match(help.stdout, /--scheme S/);
	const version = spfTop('--version');
	assert.equal(version.code, 0);
	assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
});
