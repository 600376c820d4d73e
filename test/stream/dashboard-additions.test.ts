// The two stream features the live dashboard needs: faults in flight per VMA, and a
// wall-clock budget per tick so a heavy slice cannot hold up keys and frames.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {asyncScheduler, take, toArray, firstValueFrom} from 'rxjs';
import type {SimEvent} from '../../source/sim/events.ts';
import type {BatchSource} from '../../source/stream/index.ts';
import {createSnapshotState, foldSnapshot, simulationBatches, takeSnapshot} from '../../source/stream/index.ts';
import {faultEnd, faultStart, vmaAlloc, vmaFree} from './make-events.ts';

test('a VMA counts the faults in flight on it, also after it is freed', () => {
	const state = createSnapshotState({cpus: 4});
	foldSnapshot(state, [
		vmaAlloc(1, 1, 0x1000, 0x3000),
		vmaAlloc(1, 2, 0x3000, 0x5000),
		faultStart(10, 0, {addr: 0x1000}),
		faultStart(11, 1, {addr: 0x2000}),
		faultStart(12, 2, {addr: 0x4000}),
		faultStart(13, 3, {addr: 0x9000}), // in no VMA
	]);
	const inFlight = () => Object.fromEntries(takeSnapshot(state, 20).vmas.map(row => [row.vma, row.inFlight]));
	assert.deepEqual(inFlight(), {1: 2, 2: 1});
	foldSnapshot(state, [vmaFree(20, 1), faultEnd(21, 0, {addr: 0x1000}), faultEnd(22, 3, {addr: 0x9000})]);
	assert.deepEqual(inFlight(), {1: 1, 2: 1});
	foldSnapshot(state, [faultEnd(30, 1, {addr: 0x2000}), faultEnd(31, 2, {addr: 0x4000})]);
	assert.deepEqual(inFlight(), {1: 0, 2: 0});
});

/** Each `advance` burns `costMs` of wall time and moves 1 µs; a slice holds 1000 of them. */
class SlowSim implements BatchSource {
	now = 0;
	readonly cpus = 1;
	calls = 0;
	constructor(readonly costMs: number) {}

	advance(untilNs: number): SimEvent[] {
		this.calls++;
		const end = performance.now() + this.costMs;
		while (performance.now() < end) {
			// Busy: the simulator is CPU-bound.
		}

		this.now = Math.min(untilNs, this.now + 1000);
		return [faultEnd(this.now, 0)];
	}
}

test('budgetMs ends a tick early and the next tick continues from where it stopped', async () => {
	const sim = new SlowSim(2);
	const batches = simulationBatches(sim, {sliceNs: 1_000_000, tickMs: 1, maxEventsPerBatch: 1, budgetMs: 10, scheduler: asyncScheduler});
	const all = await firstValueFrom(batches.pipe(take(12), toArray()));
	// Without the budget the first tick alone would advance 1000 times (2 s of wall time);
	// with it, about five 2 ms calls per tick, and time moves on from tick to tick.
	assert.deepEqual(all.map(batch => batch[0]!.t), Array.from({length: 12}, (_, i) => (i + 1) * 1000));
	assert.ok(sim.calls < 50, `advance called ${sim.calls} times for 12 batches`);
	assert.ok(sim.now < 1_000_000, `the first slice was cut short: now ${sim.now}`);
});

test('budgetMs must be above 0', () => {
	assert.throws(() => simulationBatches(new SlowSim(0), {sliceNs: 1, budgetMs: 0}), /budgetMs must be above 0, got 0/);
});
