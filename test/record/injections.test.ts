import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {replaySummary} from '../../source/commands/replay-headless.ts';
import {openRecording} from '../../source/record/reader.ts';
import {verifyRecording} from '../../source/record/verify.ts';
import {RecordWriter} from '../../source/record/writer.ts';
import type {Injection, SimEvent} from '../../source/sim/events.ts';
import type {Simulator} from '../../source/sim/simulator.ts';
import {createSummary, finishSummary, foldSummary} from '../../source/stream/index.ts';
import {describeRun, recordRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

/** What the dashboard's keys would do, at a few ticks: m, u, p and f on live VMAs. */
function keyPresses(batch: number, sim: Simulator): Injection[] {
	const mm = sim.mms[0]!;
	const vma = (i: number): number => mm.vmas[i % mm.vmas.length]!.id;
	switch (batch) {
		case 2: return [{kind: 'mmap', mm: mm.id, size: 1 << 20, file: false, shared: false}];
		case 5: return [{kind: 'fault-storm', mm: mm.id, vma: vma(0), durationNs: 200_000}, {kind: 'mprotect', mm: mm.id, vma: vma(1)}];
		case 9: return [{kind: 'munmap', mm: mm.id, vma: vma(mm.vmas.length - 1)}];
		case 12: return [{kind: 'mmap', mm: mm.id, size: 2 << 20, file: true, shared: true}];
		default: return [];
	}
}

test('injections made live are recorded at their time and re-simulate identically', async () => {
	const run = describeRun('default', 4, 3_000_000);
	const file = temp.path('injected.ndjson');
	const original = await recordRun(run, file, keyPresses);
	const injected = original.events.filter(e => e.type === 'inject');
	assert.equal(injected.length, 5);
	assert.equal(original.summary.injections, 5);
	const verified = await verifyRecording(file);
	assert.equal(verified.identical, true, JSON.stringify(verified.difference));
	assert.equal(verified.injections, 5);
	assert.deepStrictEqual((await replaySummary(file, {})).summary, original.summary);
});

test('the same run without its injections is a different run', async () => {
	const run = describeRun('default', 4, 3_000_000);
	const plain = await recordRun(run, temp.path('plain.ndjson'));
	const injected = await recordRun(run, temp.path('injected-2.ndjson'), keyPresses);
	assert.notDeepEqual(plain.summary, injected.summary);
});

/** Rewrites a recording with `change` applied to its events (a valid file with a fresh checksum). */
async function rewrite(from: string, to: string, change: (events: SimEvent[]) => SimEvent[]): Promise<void> {
	const reader = await openRecording(from);
	const events: SimEvent[] = [];
	for await (const batch of reader.batches()) events.push(...batch);
	const changed = change(events);
	const writer = new RecordWriter(to, reader.header);
	writer.write(changed);
	const summary = finishSummary(foldSummary(createSummary(reader.header.machine.cpus), changed), reader.end.endNs);
	writer.finish({complete: true, reason: null, endNs: reader.end.endNs, summary});
}

test('verify names the first event that differs', async () => {
	const file = temp.path('verify-base.ndjson');
	const {events} = await recordRun(describeRun('default', 4), file);
	const index = Math.floor(events.length / 2);
	const target = events.findIndex((e, i) => i >= index && e.type === 'fault-end');
	await rewrite(file, temp.path('altered.ndjson'), all => all.map((e, i) => (i === target && e.type === 'fault-end' ? {...e, latencyNs: e.latencyNs + 1} : e)));
	const result = await verifyRecording(temp.path('altered.ndjson'));
	assert.equal(result.identical, false);
	assert.equal(result.events, target);
	assert.equal(result.difference!.event, target + 1);
	assert.deepStrictEqual(result.difference!.simulated, events[target]);
	assert.equal((result.difference!.recorded as {latencyNs: number}).latencyNs, (events[target] as {latencyNs: number}).latencyNs + 1);
});

test('verify catches a recording that lost events or gained some', async () => {
	const file = temp.path('verify-base-2.ndjson');
	const {events} = await recordRun(describeRun('default', 4), file);
	await rewrite(file, temp.path('short.ndjson'), all => all.slice(0, -3));
	const short = await verifyRecording(temp.path('short.ndjson'));
	assert.equal(short.identical, false);
	assert.equal(short.difference!.recorded, null);
	assert.deepStrictEqual(short.difference!.simulated, events.at(-3));
	await rewrite(file, temp.path('long.ndjson'), all => [...all, {...all.at(-1)!}]);
	const long = await verifyRecording(temp.path('long.ndjson'));
	assert.equal(long.identical, false);
	assert.equal(long.difference!.simulated, null);
});

test('verify catches an injection moved in time', async () => {
	const file = temp.path('verify-inject.ndjson');
	const {events} = await recordRun(describeRun('default', 4, 3_000_000), file, keyPresses);
	const first = events.findIndex(e => e.type === 'inject');
	// One event earlier in the stream, with its earlier time: the live run injected later.
	await rewrite(file, temp.path('moved.ndjson'), all => {
		const moved = [...all];
		const [inject] = moved.splice(first, 1);
		// An event well back (a few ns earlier can land on the same page boundary, where the
		// thread takes its work anyway) and strictly earlier.
		let at = first - 50;
		while (at > 0 && moved[at]!.t >= inject!.t) at--;
		const before = moved[at]!;
		moved.splice(at + 1, 0, {...inject!, t: before.t});
		return moved;
	});
	const result = await verifyRecording(temp.path('moved.ndjson'));
	assert.equal(result.identical, false);
	assert.ok(result.difference!.event <= first + 1);
});
