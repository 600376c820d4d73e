/** `spf-top compare`: the report, its text and Ink tables, the worker pool, and the CLI. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import type {RawFlags} from '../../source/cli/flags.ts';
import {buildOptions} from '../../source/cli/options.ts';
import {CompareTable, fitColumns, splitTables, tableWidth} from '../../source/commands/compare-table.tsx';
import {compareJson, compareRows, compareSchemes, compareTitle, formatCompareText, type CompareReport} from '../../source/commands/compare.ts';
import {runJobs} from '../../source/commands/run-worker.ts';
import {UsageError} from '../../source/run/usage-error.ts';
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
	}
	assert.deepEqual(fitColumns(columns, rows, 40).shown, ['scheme', 'faults/s', 'speculative', 'p50', 'violations']);
});

/** A report shaped like `compare` at 8 CPUs on `default`: long abort and lock-wait cells. */
const wide: CompareReport = {
	scenario: 'default',
	cpus: 8,
	durationNs: 20_000_000,
	seed: 1,
	results: schemeIds.map((scheme, i) => ({scheme, faults: 30_000 + i, faultsPerSec: 1.5e6 + i * 1e5, speculative: i === 0 ? 0 : 0.9, aborts: (i === 0 ? {} : {not_supported: 3634, no_anon: 100, vma_changed: 1}) as Record<string, number>, latencyNs: {p50: 4400, p99: 15_260, max: 20_000}, lockWaitNs: {}, deferredFrees: 190, violations: 0})),
	waitShares: schemeIds.map(() => ({mm_rb_lock: 0.236, 'vma.vm_ref_count': 0.095, mmap_sem: 0.039})),
};

test('at 120 columns the lock waits stay: the wide columns move to a second table', () => {
	const {columns, rows} = compareRows(wide);
	assert.ok(tableWidth(columns, rows) > 120);
	// ink-testing-library's terminal is 100 wide: the split is checked on its own at 120.
	const tables = splitTables(columns, rows, 120);
	assert.deepEqual(tables.detail, ['scheme', 'aborts', 'lock wait']);
	assert.deepEqual(tables.hidden, []);
	assert.ok(tableWidth(tables.main, rows) <= 120 && tableWidth(tables.detail!, rows) <= 120);
	assert.deepEqual(splitTables(columns, rows, 400), {main: columns, detail: null, hidden: []});
	// At 80 the lock waits keep their table; the aborts give way first, and say so.
	const narrow = render(<CompareTable report={wide} width={80} />);
	const small = narrow.lastFrame()!.split('\n');
	narrow.unmount();
	assert.ok(small.filter(line => /^[┌│├└]/.test(line)).every(line => line.length <= 80), 'the tables fit 80 columns');
	assert.ok(small.includes("lock wait: each lock class's share of all CPU time"));
	assert.ok(small.some(line => line.includes('mm_rb_lock 23.6%')));
	assert.match(small.at(-1)!, /^left out at this width: aborts/);
});

test('progress: one line as the runs start and one per finished scheme when stderr is not a terminal', async () => {
	const {CompareProgress, reportProgress} = await import('../../source/commands/compare-progress.ts');
	const {PassThrough} = await import('node:stream');
	const stderr = Object.assign(new PassThrough(), {isTTY: false}) as unknown as NodeJS.WriteStream;
	let text = '';
	stderr.on('data', chunk => (text += chunk));
	const progress = new CompareProgress(2);
	const reporter = await reportProgress(progress, stderr, '2 schemes on ebizzy');
	assert.equal(text, '', 'nothing before the first run: a bad scenario gets its one line alone');
	reporter.onStart('mmap-sem');
	reporter.onStart('per-vma');
	assert.match(progress.line(), /^0\/2 schemes · [\d.]+ s · running mmap-sem, per-vma$/);
	reporter.onDone('per-vma');
	reporter.stop();
	assert.match(text, /^spf-top compare: running 2 schemes on ebizzy\nspf-top compare: per-vma done · 1\/2 schemes · [\d.]+ s\n$/);
});

test('options: --schemes is checked, and compare takes one scenario and no --scheme', () => {
	const raw = (flags: Partial<RawFlags>): RawFlags => ({headless: false, json: false, strict: false, ...flags}) as RawFlags;
	assert.deepEqual(buildOptions(['compare', 'pft'], raw({schemes: 'per-vma,mmap-sem'})).schemes, ['per-vma', 'mmap-sem']);
	assert.equal(buildOptions(['compare'], raw({})).schemes, undefined);
	const fails = (input: string[], flags: Partial<RawFlags>, message: string | RegExp) => assert.throws(() => buildOptions(input, raw(flags)), (e: unknown) => e instanceof UsageError && (typeof message === 'string' ? e.message === message : message.test(e.message)));
	fails(['compare'], {schemes: 'spf-v13'}, `--schemes "spf-v13" is not a comma-separated list of schemes (unknown: spf-v13, did you mean "spf-v11"?; allowed: ${schemeIds.join(', ')})`);
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
	// Progress on stderr, one line per finished scheme; stdout has only the table.
	assert.match(text.stderr, /^spf-top compare: running 2 schemes on ebizzy\n(spf-top compare: (mmap-sem|srcu-2010) done · [12]\/2 schemes · [\d.]+ s\n){2}$/);
	assert.match(text.stdout, /^spf-top compare · ebizzy · 2 CPUs · 200\.00 µs simulated · seed 1\nscheme /);
	const bad = spawnSync(process.execPath, [cli, 'compare', '--schemes', 'nope'], {encoding: 'utf8'});
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /^spf-top: --schemes "nope" is not a comma-separated list/);
});
