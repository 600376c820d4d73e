import assert from 'node:assert/strict';
import {test} from 'node:test';
import {TestScheduler} from 'rxjs/testing';
import {simulationBatches} from '../../source/stream/index.ts';
import {FakeSim, fakeEvents} from './fake-sim.ts';

const virtualTime = () => new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));

test('each tick advances one slice and the run completes at untilNs', () => {
	const scheduler = virtualTime();
	scheduler.run(({expectObservable}) => {
		const sim = new FakeSim(250);
		expectObservable(simulationBatches(sim, {sliceNs: 1000, tickMs: 10, untilNs: 3000, scheduler})).toBe('10ms a 9ms b 9ms (c|)', {
			a: fakeEvents(250, 0, 1000),
			b: fakeEvents(250, 1000, 2000),
			c: fakeEvents(250, 2000, 3000),
		});
	});
});

test('a busy slice is split into batches of maxEventsPerBatch', () => {
	const scheduler = virtualTime();
	scheduler.run(({expectObservable}) => {
		const sim = new FakeSim(250);
		const events = fakeEvents(250, 0, 2000);
		expectObservable(simulationBatches(sim, {sliceNs: 1000, tickMs: 10, untilNs: 2000, maxEventsPerBatch: 3, scheduler})).toBe('10ms (ab) 6ms (cd|)', {
			a: events.slice(0, 3),
			b: events.slice(3, 4),
			c: events.slice(4, 7),
			d: events.slice(7),
		});
	});
});

test('a slice holding more than maxEventsPerTick events is spread over several ticks', () => {
	const scheduler = virtualTime();
	scheduler.run(({expectObservable}) => {
		// One event per simulated ns, as with zero costs: the whole 10 ns slice does not fit one tick.
		const sim = new FakeSim(1, 1);
		const events = fakeEvents(1, 0, 10, 1);
		expectObservable(simulationBatches(sim, {sliceNs: 10, tickMs: 10, untilNs: 10, maxEventsPerBatch: 2, maxEventsPerTick: 3, scheduler})).toBe('10ms (ab) 6ms (cd) 6ms (ef) 6ms (g|)', {
			a: events.slice(0, 2),
			b: events.slice(2, 3),
			c: events.slice(3, 5),
			d: events.slice(5, 6),
			e: events.slice(6, 8),
			f: events.slice(8, 9),
			g: events.slice(9),
		});
	});
});

test('each batch reaches the subscribers before the next one is simulated', () => {
	const scheduler = virtualTime();
	scheduler.run(({flush}) => {
		const sim = new FakeSim(250);
		const seen: number[] = [];
		simulationBatches(sim, {sliceNs: 2000, tickMs: 10, untilNs: 2000, maxEventsPerBatch: 2, scheduler}).subscribe(() => seen.push(sim.advanceCalls));
		flush();
		// One advance per batch, handed out at once: a slice's batches are never all held together.
		assert.deepEqual(seen, [1, 2, 3, 4]);
	});
});

test('quiet slices emit nothing, never an empty batch', () => {
	const scheduler = virtualTime();
	scheduler.run(({expectObservable}) => {
		const sim = new FakeSim(2500);
		expectObservable(simulationBatches(sim, {sliceNs: 1000, tickMs: 10, untilNs: 3000, scheduler})).toBe('30ms (a|)', {a: fakeEvents(2500, 0, 2500)});
	});
});

test('pausing stops the ticks; resuming starts them again', () => {
	const scheduler = virtualTime();
	scheduler.run(({cold, expectObservable}) => {
		const sim = new FakeSim(1000);
		const paused$ = cold('a 14ms b 20ms c', {a: false, b: true, c: false});
		expectObservable(simulationBatches(sim, {sliceNs: 1000, tickMs: 10, untilNs: 3000, paused$, scheduler})).toBe('10ms a 35ms b 9ms (c|)', {
			a: fakeEvents(1000, 0, 1000),
			b: fakeEvents(1000, 1000, 2000),
			c: fakeEvents(1000, 2000, 3000),
		});
	});
});

test('speed multiplies the slice', () => {
	const scheduler = virtualTime();
	scheduler.run(({cold, expectObservable}) => {
		const sim = new FakeSim(1000);
		const speed$ = cold('a 14ms b', {a: 1, b: 2});
		expectObservable(simulationBatches(sim, {sliceNs: 1000, tickMs: 10, untilNs: 5000, speed$, scheduler})).toBe('10ms a 14ms b 9ms (c|)', {
			a: fakeEvents(1000, 0, 1000),
			b: fakeEvents(1000, 1000, 3000),
			c: fakeEvents(1000, 3000, 5000),
		});
	});
});

test('subscribers share one run of the simulator', () => {
	const scheduler = virtualTime();
	const sim = new FakeSim(250);
	scheduler.run(({expectObservable}) => {
		const batches$ = simulationBatches(sim, {sliceNs: 1000, tickMs: 10, untilNs: 2000, scheduler});
		const expected = {a: fakeEvents(250, 0, 1000), b: fakeEvents(250, 1000, 2000)};
		expectObservable(batches$).toBe('10ms a 9ms (b|)', expected);
		expectObservable(batches$).toBe('10ms a 9ms (b|)', expected);
	});
	assert.equal(sim.advanceCalls, 2);
});

test('headless: tickMs 0 runs to the end without waiting', () => {
	const scheduler = virtualTime();
	scheduler.run(({expectObservable}) => {
		const sim = new FakeSim(250);
		expectObservable(simulationBatches(sim, {sliceNs: 1000, tickMs: 0, untilNs: 3000, scheduler})).toBe('(abc|)', {
			a: fakeEvents(250, 0, 1000),
			b: fakeEvents(250, 1000, 2000),
			c: fakeEvents(250, 2000, 3000),
		});
	});
});

test('options are validated with their names', () => {
	const sim = new FakeSim(250);
	assert.throws(() => simulationBatches(sim, {sliceNs: 0}), /sliceNs must be an integer of at least 1, got 0/);
	assert.throws(() => simulationBatches(sim, {sliceNs: 10, maxEventsPerBatch: 0.5}), /maxEventsPerBatch must be an integer of at least 1, got 0.5/);
	assert.throws(() => simulationBatches(sim, {sliceNs: 10, tickMs: -1}), /tickMs must be at least 0, got -1/);
});
