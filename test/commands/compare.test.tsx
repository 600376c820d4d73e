/** `spf-top compare`: the report, its text and Ink tables, the worker pool, and the CLI. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {buildOptions} from '../../source/cli/options.ts';
import type {RawFlags} from '../../source/cli/flags.ts';
import {UsageError} from '../../source/cli/usage-error.ts';
import {compareJson, compareRows, compareSchemes, compareTitle, formatCompareText, type CompareReport} from '../../source/commands/compare.ts';
import {CompareTable, fitColumns, tableWidth} from '../../source/commands/compare-table.tsx';
import {runJobs} from '../../source/commands/run-worker.ts';
import {schemeIds} from '../../source/sim/schemes/index.ts';

const small = {scenario: 'ebizzy', cpus: 2, sockets: 1, durationNs: 4_000_000, seed: 5};

let cached: CompareReport | undefined;
async function report(): Promise<CompareReport> {
	cached ??= await compareSchemes({...small, schemes: ['mmap-sem', 'spf-v12', 'per-vma']});
	return cached;
}

test('one result per scheme, in the order asked, with every field of --json', async () => {
	const r = await report();
	assert.deepEqual([r.scenario, r.cpus, r.durationNs, r.seed], ['ebizzy', 2, 4_000_000, 5]);
	assert.deepEqual(r.results.map(x => x.scheme), ['mmap-sem', 'spf-v12', 'per-vma']);
	const json = JSON.parse(compareJson(r));
	assert.deepEqual(Object.keys(json), ['scenario', 'cpus', 'durationNs', 'seed', 'results']);
	for (const result of json.results) {
		assert.deepEqual(Object.keys(result), ['scheme', 'faults', 'faultsPerSec', 'speculative', 'aborts', 'latencyNs', 'lockWaitNs', 'deferredFrees', 'violations']);
		assert.ok(result.faults > 0);
		assert.equal(result.faultsPerSec, (result.faults * 1e9) / 4_000_000);
		assert.deepEqual(Object.keys(result.latencyNs), ['p50', 'p99', 'max']);
		assert.equal(result.violations, 0);
	}
	const [mmapSem, spf] = json.results;
	assert.equal(mmapSem.speculative, 0);
	assert.deepEqual(mmapSem.aborts, {});
	assert.ok(mmapSem.lockWaitNs.mmap_sem > 0);
	assert.ok(spf.speculative > 0.5);
	assert.ok(spf.aborts.no_anon > 0, 'the first fault of each new VMA has no anon_vma');
	assert.ok(spf.deferredFrees > 0, 'spf-v12 drops the base reference after a grace period');
});

test('the same seed gives the same numbers in a worker thread as in this one', async () => {
	const jobs = ['mmap-sem', 'rcu-2021'].map(scheme => ({...small, scheme}));
	assert.deepEqual(await runJobs(jobs, {concurrency: 2}), await runJobs(jobs, {concurrency: 1}));
});

test('plain text: a title, then aligned columns with the ratio to mmap-sem', async () => {
	const lines = formatCompareText(await report()).split('\n');
	assert.equal(lines[0], 'spf-top compare · ebizzy · 2 CPUs · 4.000 ms simulated · seed 5');
	assert.match(lines[1]!, /^scheme +faults\/s +vs mmap-sem +speculative +aborts +p50 +p99 +lock wait +deferred frees +violations$/);
	assert.match(lines[2]!, /^mmap-sem +[\d.]+ [kM] +1\.00× +0\.0% +- /);
	assert.match(lines[3]!, /^spf-v12 +[\d.]+ [kM] +[\d.]+× +\d+\.\d% +no_anon \d+/);
	assert.equal(lines.length, 5);
	// Right-aligned numbers end in the same column.
	const at = (line: string, text: string) => line.indexOf(text) + text.length;
	assert.equal(at(lines[2]!, '1.00×'), at(lines[1]!, 'vs mmap-sem'));
});

test('in a terminal: an @alcalzone/ink-table table that fits the width', async () => {
	const r = await report();
	const {columns, rows} = compareRows(r);
	assert.ok(tableWidth(columns, rows) > 100, 'all columns need a wide terminal');
	// ink-testing-library's terminal is 100 columns wide.
	for (const width of [100, 60]) {
		const {lastFrame, unmount} = render(<CompareTable report={r} width={width} />);
		const lines = lastFrame()!.split('\n');
		unmount();
		assert.equal(lines[0], compareTitle(r));
		assert.match(lines[1]!, /^┌─+┬/);
		assert.ok(lines.filter(line => /^[┌│├└]/.test(line)).every(line => line.length <= width), `the table fits ${width} columns`);
		for (const scheme of ['mmap-sem', 'spf-v12', 'per-vma']) assert.ok(lines.some(line => line.startsWith(`│ ${scheme} `)), scheme);
		assert.ok(lines.some(line => line.startsWith('left out at this width: lock wait, aborts')));
	}
	assert.deepEqual(fitColumns(columns, rows, 40).shown, ['scheme', 'faults/s', 'speculative', 'p50', 'violations']);
});

test('options: --schemes is checked, and compare takes one scenario and no --scheme', () => {
	const raw = (flags: Partial<RawFlags>): RawFlags => ({headless: false, json: false, strict: false, ...flags}) as RawFlags;
	assert.deepEqual(buildOptions(['compare', 'pft'], raw({schemes: 'per-vma,mmap-sem'})).schemes, ['per-vma', 'mmap-sem']);
	assert.equal(buildOptions(['compare'], raw({})).schemes, undefined);
	const fails = (input: string[], flags: Partial<RawFlags>, message: string | RegExp) => assert.throws(() => buildOptions(input, raw(flags)), (e: unknown) => e instanceof UsageError && (typeof message === 'string' ? e.message === message : message.test(e.message)));
	fails(['compare'], {schemes: 'spf-v13'}, `--schemes "spf-v13" is not a comma-separated list of schemes (unknown: spf-v13; allowed: ${schemeIds.join(', ')})`);
	fails(['compare'], {schemes: 'mmap-sem,mmap-sem'}, '--schemes "mmap-sem,mmap-sem" names mmap-sem twice');
	fails(['compare'], {scheme: 'per-vma'}, '--scheme does not apply to spf-top compare; use --schemes a,b,...');
	fails(['compare', 'pft', 'ebizzy'], {}, 'spf-top compare takes at most one scenario, got 2: pft ebizzy');
	fails(['pft'], {schemes: 'per-vma', headless: true}, /^--schemes applies to spf-top compare/);
});

test('the bundled CLI: --json, and text when piped', () => {
	const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
	const args = ['compare', 'ebizzy', '--cpus', '2', '--duration', '200us', '--schemes', 'mmap-sem,srcu-2010'];
	const json = spawnSync(process.execPath, [cli, ...args, '--json'], {encoding: 'utf8'});
	assert.equal(json.status, 0, json.stderr);
	const parsed = JSON.parse(json.stdout);
	assert.deepEqual(parsed.results.map((r: {scheme: string}) => r.scheme), ['mmap-sem', 'srcu-2010']);
	const text = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
	assert.equal(text.status, 0, text.stderr);
	assert.match(text.stdout, /^spf-top compare · ebizzy · 2 CPUs · 200\.00 µs simulated · seed 1\nscheme /);
	const bad = spawnSync(process.execPath, [cli, 'compare', '--schemes', 'nope'], {encoding: 'utf8'});
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /^spf-top: --schemes "nope" is not a comma-separated list/);
});
