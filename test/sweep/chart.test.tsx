// The sweep's pieces in-process: options, job order and shards, medians and bands, the
// terminal chart (plain and in Ink), the table, CSV, Vega-Lite and SVG.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import type {RawFlags} from '../../source/cli/flags.ts';
import {buildOptions} from '../../source/cli/options.ts';
import {numberList} from '../../source/cli/sweep-options.ts';
import {runJobs} from '../../source/commands/run-worker.ts';
import {SweepChart} from '../../source/commands/sweep-view.tsx';
import {UsageError} from '../../source/run/usage-error.ts';
import {formatSweepTable, median, sweepSeries, sweepTable} from '../../source/sweep/aggregate.ts';
import {MergeError, mergeShards} from '../../source/sweep/merge.ts';
import {parseMetric} from '../../source/sweep/metric.ts';
import {formatSweep, sweepSvgOf, type SweepResult} from '../../source/sweep/output.ts';
import {planSweep} from '../../source/sweep/plan.ts';
import {sweepRow} from '../../source/sweep/row.ts';
import {niceTicks} from '../../source/sweep/scale.ts';
import {plainLine, terminalChart} from '../../source/sweep/terminal-chart.ts';

const raw = (flags: Partial<RawFlags>): RawFlags => ({headless: false, json: false, live: false, strict: false, csv: false, ndjson: false, 'no-memcg': false, ...flags});
const fps = {kind: 'faults-per-sec'} as const;

let cached: SweepResult | undefined;
async function result(): Promise<SweepResult> {
	if (cached !== undefined) return cached;
	const plan = planSweep({scenario: 'ebizzy', schemes: ['mmap-sem', 'spf-v12'], cpus: [1, 2, 4], seeds: [1, 2], durationNs: 1_000_000});
	const summaries = await runJobs(plan.jobs, {concurrency: 1});
	cached = {header: plan.header, rows: plan.jobs.map((job, i) => sweepRow(plan.header, job, summaries[i]!))};
	return cached;
}

test('sweep options: lists, ranges, all, shards and formats', () => {
	const o = buildOptions(['sweep', 'pft'], raw({cpus: '1,2,4', schemes: 'all', seeds: '1..3,7', shard: '2/3', jobs: '3', metric: 'wait:mmap_sem', format: 'vega-lite', svg: 'c.svg'}));
	assert.equal(o.command, 'sweep');
	assert.equal(o.scenario, 'pft');
	assert.deepEqual(o.sweepSpec?.cpus, [1, 2, 4]);
	assert.equal(o.sweepSpec?.schemes.length, 7);
	assert.deepEqual(o.sweepSpec?.seeds, [1, 2, 3, 7]);
	assert.deepEqual([o.shard, o.jobs, o.sweep?.metric, o.sweep?.format, o.sweep?.svg], [{index: 2, count: 3}, 3, {kind: 'wait', lock: 'mmap_sem'}, 'vega-lite', 'c.svg']);
	assert.deepEqual(buildOptions(['sweep'], raw({})).sweepSpec?.cpus, [1, 2, 4, 8, 16, 32, 64]);
	assert.equal(buildOptions(['sweep'], raw({output: 'rows.csv'})).sweep?.format, 'csv');
	assert.equal(buildOptions(['compare'], raw({jobs: '4'})).jobs, 4);
	assert.deepEqual(buildOptions(['merge', 'a.ndjson', 'b.json'], raw({})).files, ['a.ndjson', 'b.json']);
	const bad: [Partial<RawFlags>, RegExp][] = [
		[{cpus: '1,x'}, /--cpus "1,x" is not a list of integers/],
		[{seeds: '3..1'}, /--seeds "3\.\.1" has a range that runs backwards/],
		[{cpus: '2,2'}, /--cpus "2,2" names 2 twice/],
		[{cpus: '0,2'}, /--cpus "0,2" has a value outside 1 to 1024/],
		[{metric: 'speed'}, /--metric "speed" is not known \(allowed: faults-per-sec, p99, speculative, wait:<lock>\)/],
		[{schemes: 'mmap-sem,nope'}, /--schemes "mmap-sem,nope" is not a comma-separated list/],
		[{json: true, csv: true}, /choose one output format, got --json and --csv/],
		[{format: 'png'}, /--format "png" is not known here \(allowed: vega-lite/],
		[{seed: '2'}, /--seed does not apply to spf-top sweep; use --seeds/],
		[{shard: '0/3'}, /--shard "0\/3" is not i\/n/],
		[{jobs: '0'}, /-j\/--jobs "0" is not an integer from 1 to 1024/],
	];
	for (const [flags, message] of bad) assert.throws(() => buildOptions(['sweep'], raw(flags)), (e: Error) => e instanceof UsageError && message.test(e.message), JSON.stringify(flags));
	assert.throws(() => buildOptions([], raw({jobs: '2', headless: true})), /-j\/--jobs applies to spf-top sweep, compare, check and explore/);
	assert.throws(() => buildOptions(['compare'], raw({shard: '1/2'})), /--shard applies to spf-top sweep/);
	assert.deepEqual(numberList('--seeds', '1..3', 0, 9), [1, 2, 3]);
});

test('jobs run scheme by CPU count by seed, and shards take every n-th', () => {
	const spec = {scenario: 'ebizzy', schemes: ['mmap-sem', 'per-vma'], cpus: [1, 4], seeds: [5, 6], durationNs: 1_000_000};
	const whole = planSweep(spec);
	assert.deepEqual(whole.jobs.map(j => `${j.scheme}/${j.cpus}/${j.seed}`), ['mmap-sem/1/5', 'mmap-sem/1/6', 'mmap-sem/4/5', 'mmap-sem/4/6', 'per-vma/1/5', 'per-vma/1/6', 'per-vma/4/5', 'per-vma/4/6']);
	assert.deepEqual(whole.jobs.map(j => j.machineSockets), [2, 2, 2, 2, 2, 2, 2, 2], "the default machine's two sockets, however few CPUs run");
	assert.deepEqual(planSweep({...spec, sockets: 1}).jobs.map(j => [j.sockets, j.machineSockets]), Array(8).fill([1, 1]), '--sockets is passed on as asked');
	const shards = [1, 2, 3].map(index => planSweep(spec, {index, count: 3}));
	assert.deepEqual(shards.map(s => s.jobs.map(j => j.index)), [[0, 3, 6], [1, 4, 7], [2, 5]]);
	for (const s of shards) assert.deepEqual({...s.header, shard: null}, whole.header);
	assert.notEqual(planSweep({...spec, seeds: [5, 7]}).header.jobList, whole.header.jobList);
	assert.match(whole.header.scenarioHash, /^sha256:[0-9a-f]{64}$/);
});

test('medians, min-max bands and the table with ratios to the first scheme', async () => {
	assert.equal(median([3, 1, 2]), 2);
	assert.equal(median([4, 1, 2, 3]), 2.5);
	assert.deepEqual(niceTicks(1.9e6, 4), [0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
	const r = await result();
	const series = sweepSeries(r.header, r.rows, fps);
	assert.deepEqual(series.map(s => s.points.map(p => p.cpus)), [[1, 2, 4], [1, 2, 4]]);
	for (const s of series) {
		for (const p of s.points) {
			const values = r.rows.filter(row => row.scheme === s.scheme && row.cpus === p.cpus).map(row => row.faultsPerSec!);
			assert.deepEqual([p.runs, p.min, p.max, p.median], [2, Math.min(...values), Math.max(...values), (values[0]! + values[1]!) / 2]);
		}
	}
	const lines = formatSweepTable(sweepTable(r.header, series, fps));
	assert.equal(lines[0], 'median over seeds of faults per simulated second · × is the ratio to mmap-sem');
	assert.match(lines[1]!, /^CPUs +mmap-sem +spf-v12$/);
	const ratio = series[1]!.points[2]!.median / series[0]!.points[2]!.median;
	assert.match(lines[4]!, new RegExp(`^4 +[\\d.]+ [kM] +[\\d.]+ [kM] ${ratio.toFixed(2)}×$`));
});

test('the terminal chart has a y label and ticks, a log-2 x axis with every CPU count, and a legend', async () => {
	const r = await result();
	const lines = terminalChart(r.header.cpus, sweepSeries(r.header, r.rows, fps), fps, {width: 60, height: 10}).map(plainLine);
	assert.equal(lines[0], 'faults per simulated second');
	assert.equal(lines.filter(l => /┤/.test(l)).length >= 3, true);
	assert.match(lines.find(l => l.includes('└'))!, /└┬─+┬─+┬$/);
	const labels = lines[lines.findIndex(l => l.includes('└')) + 1]!;
	// 1, 2 and 4 CPUs are equally spaced: the axis is log 2.
	const at = ['1', '2', '4'].map(c => labels.indexOf(c));
	assert.ok(Math.abs(at[1]! - at[0]! - (at[2]! - at[1]!)) <= 1, labels);
	assert.ok(lines.some(l => l.trim() === 'CPUs (log₂ scale)'));
	// At 1 CPU both schemes run the same (no contention): one cell, marked as shared.
	assert.deepEqual(lines.slice(-2), ['● mmap-sem  ■ spf-v12  ◎ several schemes', '│ min–max over seeds']);
	assert.ok(lines.some(l => l.includes('■')) && lines.some(l => l.includes('●')) && lines.some(l => l.includes('◎')));
	assert.ok(lines.every(l => l.length <= 60), 'fits the width');
});

test('the chart in Ink: title, axis labels, legend and table', async () => {
	const r = await result();
	const {lastFrame, unmount} = render(<SweepChart result={r} metric={fps} size={{width: 70, height: 8}} />);
	const frame = lastFrame()!;
	unmount();
	assert.match(frame, /^spf-top sweep · ebizzy · 1\.000 ms simulated · 2 seeds$/m);
	assert.match(frame, /^faults per simulated second$/m);
	assert.match(frame, /CPUs \(log₂ scale\)/);
	assert.match(frame, /● mmap-sem {2}■ spf-v12 {2}◎ several schemes/);
	assert.match(frame, /│ min–max over seeds/);
	assert.match(frame, /^median over seeds of faults per simulated second · × is the ratio to mmap-sem$/m);
	assert.match(frame, /^CPUs +mmap-sem +spf-v12$/m);
	assert.match(frame, /^ +1 +2 +4$/m);
});

test('CSV, Vega-Lite and SVG carry the same rows and chart', async () => {
	const r = await result();
	const csv = formatSweep(r, 'csv', fps).trimEnd().split('\n');
	assert.equal(csv.length, 13);
	const columns = csv[0]!.split(',');
	for (const c of ['job', 'scenarioHash', 'scheme', 'cpus', 'sockets', 'seed', 'durationNs', 'tool', 'faultsPerSec', 'latencyNs.p99', 'locks.mmap_sem.waitShare', 'violations.count']) assert.ok(columns.includes(c), c);
	assert.equal(csv[5]!.split(',')[columns.indexOf('faultsPerSec')], String(r.rows[4]!.faultsPerSec));
	const spec = JSON.parse(formatSweep(r, 'vega-lite', parseMetric('p99')!)) as {$schema: string; data: {values: {scheme: string; cpus: number; value: number}[]}; encoding: {x: {scale: unknown}}; layer: unknown[]};
	assert.match(spec.$schema, /vega-lite\/v5/);
	assert.deepEqual(spec.encoding.x.scale, {type: 'log', base: 2});
	assert.equal(spec.data.values.length, 12);
	assert.equal(spec.data.values[0]!.value, r.rows[0]!.latencyNs.p99);
	assert.equal(spec.layer.length, 2);
	const svg = sweepSvgOf(r, fps);
	assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
	for (const text of ['mmap-sem', 'spf-v12', 'CPUs (log₂ scale)', 'faults per simulated second', '>4<']) assert.ok(svg.includes(text), text);
	assert.equal(svg.match(/<polyline/g)?.length, 2);
	assert.equal(svg.match(/<polygon/g)?.length, 2, 'a min-max band per scheme');
});

test('merge puts shards back in job order and refuses gaps', async () => {
	const r = await result();
	const shard = (index: number) => ({file: `s${index}`, header: {...r.header, shard: {index, count: 2}}, rows: r.rows.filter(row => row.job % 2 === index - 1)});
	assert.deepEqual(mergeShards([shard(2), shard(1)]), r);
	const short = {...shard(2), rows: shard(2).rows.slice(1)};
	assert.throws(() => mergeShards([shard(1), short]), (e: Error) => e instanceof MergeError && e.message === '1 of 12 jobs have no row (an interrupted shard?); rerun the shard that lacks them');
	const stray = {...shard(2), rows: [...shard(2).rows, r.rows[0]!]};
	assert.throws(() => mergeShards([shard(1), stray]), /s2: row for job 0 does not belong to shard 2\/2/);
	const newer = {...shard(2), header: {...shard(2).header, tool: 'spf-top 9.9.9'}};
	assert.throws(() => mergeShards([shard(1), newer]), /s2 is from another sweep than s1: tool "spf-top 9\.9\.9" vs "spf-top 0\.1\.0"/);
});
