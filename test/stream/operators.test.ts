import assert from 'node:assert/strict';
import {test} from 'node:test';
import {map} from 'rxjs';
import {TestScheduler} from 'rxjs/testing';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSummary, finishSummary, foldSnapshots, foldSummary, summarize} from '../../source/stream/index.ts';
import {faultEnd, specAbort} from './make-events.ts';

const virtualTime = () => new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));

const [e1, e2, e3, e4] = [faultEnd(100, 0), faultEnd(200, 1), specAbort(300, 0, 'pte-changed'), faultEnd(400, 1)];
const batches: Record<string, SimEvent[]> = {a: [e1!], b: [e2!, e3!], c: [e4!]};

test('foldSnapshots emits at most one snapshot per frame, covering every batch', () => {
	const scheduler = virtualTime();
	scheduler.run(({cold, expectObservable}) => {
		const source = cold('a 9ms b 59ms c|', batches);
		const faults = source.pipe(
			foldSnapshots({cpus: 2, frameMs: 40, scheduler}),
			map(snapshot => [snapshot.timeNs, snapshot.totals.faults, snapshot.counts['spec-abort']]),
		);
		// The first batch shows at once; b waits for the end of the frame; c for the next.
		expectObservable(faults).toBe('x 39ms y 39ms (z|)', {x: [100, 1, 0], y: [300, 2, 1], z: [400, 3, 1]});
	});
});

test('foldSnapshots flushes at once on flush$, and still completes with its batches', () => {
	const scheduler = virtualTime();
	scheduler.run(({cold, hot, expectObservable}) => {
		const source = cold('a 9ms b 59ms c|', batches);
		const flush$ = hot('12ms f', {f: true});
		const faults = source.pipe(
			foldSnapshots({cpus: 2, frameMs: 40, scheduler, flush$}),
			map(snapshot => [snapshot.timeNs, snapshot.totals.faults]),
		);
		// b is shown at the flush (12 ms), not only at the end of the frame (40 ms), which shows it again.
		expectObservable(faults).toBe('x 11ms f 27ms y 39ms (z|)', {x: [100, 1], f: [300, 2], y: [300, 2], z: [400, 3]});
	});
});

test('foldSnapshots keeps one state per subscription and reads the clock it is given', () => {
	const scheduler = virtualTime();
	scheduler.run(({cold, expectObservable}) => {
		const snapshots = cold('a|', batches).pipe(
			foldSnapshots({cpus: 2, frameMs: 40, scheduler, now: () => 5000}),
			map(snapshot => [snapshot.timeNs, snapshot.totals.faults]),
		);
		expectObservable(snapshots).toBe('x|', {x: [5000, 1]});
		expectObservable(snapshots).toBe('x|', {x: [5000, 1]});
	});
});

test('summarize emits the run summary when the source completes', () => {
	const scheduler = virtualTime();
	scheduler.run(({cold, expectObservable}) => {
		const expected = finishSummary(foldSummary(createSummary(2), [e1!, e2!, e3!, e4!]), 5000);
		const source = cold('a 9ms b 9ms c|', batches);
		expectObservable(source.pipe(summarize({cpus: 2, simNs: () => 5000}))).toBe('21ms (s|)', {s: expected});
		const atLastEvent = source.pipe(summarize({cpus: 2}), map(summary => summary.simNs));
		expectObservable(atLastEvent).toBe('21ms (t|)', {t: 400});
	});
});
