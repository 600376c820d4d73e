import assert from 'node:assert/strict';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {lastValueFrom, tap} from 'rxjs';
import {replaySummary} from '../../source/commands/replay-headless.ts';
import {openRecording} from '../../source/record/reader.ts';
import {startRecording} from '../../source/record/recorder.ts';
import type {RecordResult} from '../../source/record/writer.ts';
import {createReplaySource} from '../../source/record/replay-source.ts';
import {verifyRecording} from '../../source/record/verify.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {simulationBatches, summarize} from '../../source/stream/index.ts';
import {describeRun, recordRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

async function readAll(file: string): Promise<SimEvent[]> {
	const reader = await openRecording(file);
	const events: SimEvent[] = [];
	for await (const batch of reader.batches()) events.push(...batch);
	return events;
}

test('record → replay summary equals the original → verify passes', async () => {
	const run = describeRun('default', 4);
	const file = temp.path('default.ndjson');
	const original = await recordRun(run, file);
	assert.equal(original.result.complete, true);
	assert.equal(original.result.events, original.events.length);
	assert.ok(original.events.length > 1000, `a run worth recording (${original.events.length} events)`);
	assert.deepStrictEqual(await readAll(file), original.events);
	const replay = await replaySummary(file, {});
	assert.deepStrictEqual(replay.summary, original.summary);
	assert.equal(JSON.stringify(replay.summary), JSON.stringify(original.summary));
	assert.equal(replay.end.status, 'complete');
	assert.deepStrictEqual(replay.prepared, run);
	const verified = await verifyRecording(file);
	assert.equal(verified.identical, true, JSON.stringify(verified.difference));
	assert.equal(verified.events, original.events.length);
	// Nothing but the finished file is left behind.
	assert.deepEqual(readdirSync(temp.dir).filter(name => name.startsWith('default.ndjson')), ['default.ndjson']);
});

test('a speculative scheme with a broken check round-trips too (aborts, grace periods, deferred frees)', async () => {
	const run = describeRun('ebizzy', 8, 3_000_000);
	const machine = {...run.machine, scheme: 'spf-v12', breakVariant: 'skip-seq-recheck'};
	const file = temp.path('spf.ndjson');
	const original = await recordRun({...run, machine}, file);
	assert.deepStrictEqual(await readAll(file), original.events);
	assert.deepStrictEqual((await replaySummary(file, {})).summary, original.summary);
	const verified = await verifyRecording(file);
	assert.equal(verified.identical, true, JSON.stringify(verified.difference));
});

test('a .gz recording is gzip, smaller, and reads back the same', async () => {
	const run = describeRun('default', 4);
	const plain = temp.path('same.ndjson');
	const gz = temp.path('same.ndjson.gz');
	const a = await recordRun(run, plain);
	const b = await recordRun(run, gz);
	const bytes = readFileSync(gz);
	assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b]);
	assert.ok(b.result.fileBytes < a.result.fileBytes / 3, `${b.result.fileBytes} vs ${a.result.fileBytes}`);
	assert.equal(b.result.textBytes, a.result.textBytes);
	assert.deepStrictEqual(await readAll(gz), a.events);
	assert.equal((await verifyRecording(gz)).identical, true);
});

test('the same run recorded twice gives byte-identical files', async () => {
	const run = describeRun('pft', 4);
	await recordRun(run, temp.path('twice-1.ndjson'));
	await recordRun(run, temp.path('twice-2.ndjson'));
	assert.ok(readFileSync(temp.path('twice-1.ndjson')).equals(readFileSync(temp.path('twice-2.ndjson'))));
});

test('a recording stopped early ends with an interrupted trailer and replays what it holds', async () => {
	const run = describeRun('default', 4, 20_000_000);
	const file = temp.path('stopped.ndjson');
	const sim = new Simulator(run.machine);
	const batches = simulationBatches(sim, {sliceNs: 250_000, tickMs: 0, untilNs: run.durationNs});
	const recording = startRecording(batches, {file, run, simNs: () => sim.now});
	const seen: SimEvent[] = [];
	const result = await new Promise<RecordResult>(resolve => {
		const subscription = batches.subscribe(batch => {
			seen.push(...batch);
			// From inside a tick, between two of its batches: the harshest place to stop.
			if (sim.now >= 3_000_000 && seen.length % 2 === 0) {
				subscription.unsubscribe();
				resolve(recording.stop('interrupted by a test'));
			}
		});
	});
	assert.equal(result.complete, false);
	assert.equal(result.events, seen.length);
	assert.equal(result.endNs, seen.at(-1)!.t);
	assert.ok(result.endNs < run.durationNs);
	const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
	const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
	assert.equal(trailer['complete'], false);
	assert.equal(trailer['reason'], 'interrupted by a test');
	assert.equal(trailer['endNs'], result.endNs);
	const replay = await replaySummary(file, {});
	assert.equal(replay.end.status, 'interrupted');
	assert.deepStrictEqual(replay.summary, result.summary);
	assert.equal((await verifyRecording(file)).identical, true);
});

test('a live run without an end, finished between ticks as the dashboard quits, is complete at that time', async () => {
	const run = describeRun('default', 4);
	const file = temp.path('live.ndjson');
	const sim = new Simulator(run.machine);
	const batches = simulationBatches(sim, {sliceNs: 100_000, tickMs: 0});
	const recording = startRecording(batches, {file, run, simNs: () => sim.now});
	const subscription = batches.subscribe(() => {
		// A key handler runs between ticks, never inside one.
		if (sim.now >= 1_000_000) setImmediate(() => void recording.finish());
	});
	const result = await recording.done;
	subscription.unsubscribe();
	assert.equal(result.complete, true);
	assert.equal(result.endNs, sim.now);
	const verified = await verifyRecording(file);
	assert.equal(verified.identical, true, JSON.stringify(verified.difference));
	assert.equal(verified.end.endNs, sim.now);
});

test('a file that cannot be written fails at once, and nothing is left claiming to be a recording', async () => {
	const run = describeRun('default', 2);
	const sim = new Simulator(run.machine);
	const batches = simulationBatches(sim, {sliceNs: 250_000, tickMs: 0, untilNs: run.durationNs});
	assert.throws(() => startRecording(batches, {file: temp.path('no/such/dir.ndjson'), run, simNs: () => sim.now}), {name: 'RecordError', message: /cannot write .*no such directory/});
	assert.throws(() => startRecording(batches, {file: temp.dir, run, simNs: () => sim.now}), {name: 'RecordError', message: /is a directory/});
	// /dev/full opens, then refuses the header: nothing runs.
	if (existsSync('/dev/full')) {
		assert.throws(() => startRecording(batches, {file: '/dev/full', run, simNs: () => sim.now}), {name: 'RecordError', message: /cannot write \/dev\/full: no space left on the device \(ENOSPC\)/});
	}
	assert.deepEqual(readdirSync(temp.dir).filter(name => name.endsWith('.partial')), []);
});

test('the replay source drives the stream layer like the simulator and gives the same summary', async () => {
	const run = describeRun('default', 4);
	const file = temp.path('source.ndjson.gz');
	const original = await recordRun(run, file);
	const replay = await createReplaySource(file, {checkpointEvery: 64});
	try {
		assert.equal(replay.cpus, 4);
		assert.equal(replay.durationNs, run.durationNs);
		assert.equal(replay.events, original.events.length);
		assert.deepStrictEqual(replay.header.machine, run.machine);
		const events: SimEvent[] = [];
		const summary = await lastValueFrom(
			simulationBatches(replay, {sliceNs: 100_000, tickMs: 0, untilNs: replay.durationNs, maxEventsPerBatch: 500}).pipe(
				tap(batch => events.push(...batch)),
				summarize({cpus: replay.cpus, simNs: () => replay.now}),
			),
		);
		assert.deepStrictEqual(events, original.events);
		assert.deepStrictEqual(summary, original.summary);
	} finally {
		replay.close();
	}
});

test('seek jumps anywhere: the next events are those at or after the target', async () => {
	const run = describeRun('default', 4);
	const file = temp.path('seek.ndjson');
	const {events} = await recordRun(run, file);
	const replay = await createReplaySource(file, {checkpointEvery: 50});
	try {
		const rest = (): SimEvent[] => replay.advance(replay.durationNs);
		for (const fraction of [0.5, 0.1, 0.9, 0.3, 0, 1]) {
			const target = Math.round(run.durationNs * fraction);
			replay.seek(target);
			assert.equal(replay.now, target);
			assert.deepStrictEqual(rest(), events.filter(e => e.t >= target), `seek to ${target}`);
			assert.equal(replay.now, run.durationNs);
		}
		// Out of range clamps; seeking to an event's exact time includes it.
		replay.seek(-5);
		assert.equal(replay.now, 0);
		replay.seek(run.durationNs * 2);
		assert.equal(replay.now, run.durationNs);
		assert.deepEqual(rest(), []);
		const middle = events[Math.floor(events.length / 2)]!;
		replay.seek(middle.t);
		assert.deepStrictEqual(replay.advance(middle.t)[0], events.find(e => e.t === middle.t));
	} finally {
		replay.close();
	}
});

test('advance stops early after maxEvents, between nanoseconds, like the simulator', async () => {
	const file = temp.path('batches.ndjson');
	const {events} = await recordRun(describeRun('default', 4), file);
	const replay = await createReplaySource(file);
	try {
		const got: SimEvent[] = [];
		for (;;) {
			const batch = replay.advance(Number.POSITIVE_INFINITY, 100);
			if (batch.length === 0) break;
			assert.ok(batch.length >= 100 || got.length + batch.length === events.length);
			const next = events[got.length + batch.length];
			if (next !== undefined) {
				assert.ok(next.t > batch.at(-1)!.t, 'a batch never splits a nanosecond');
				assert.equal(replay.now, batch.at(-1)!.t);
			}
			got.push(...batch);
		}
		assert.deepStrictEqual(got, events);
	} finally {
		replay.close();
	}
});

test('closing a replay of a .gz removes its temporary file', async () => {
	const file = temp.path('temp.ndjson.gz');
	await recordRun(describeRun('default', 2), file);
	const before = new Set(readdirSync(tmpdir()).filter(name => name.startsWith('spf-top-replay-')));
	const replay = await createReplaySource(file);
	const made = readdirSync(tmpdir()).filter(name => name.startsWith('spf-top-replay-') && !before.has(name));
	assert.equal(made.length, 1);
	replay.close();
	assert.equal(existsSync(join(tmpdir(), made[0]!)), false);
});

test('the allocator\'s locks and memcg counters round-trip under their kernel names, and --no-memcg is kept in the header', async () => {
	const run = describeRun('pft', 4, 1_000_000);
	const file = temp.path('pft.ndjson');
	const original = await recordRun(run, file);
	const events = await readAll(file);
	assert.deepStrictEqual(events, original.events);
	const locks = new Set(events.flatMap(e => (e.type === 'lock-acquire' ? [`${e.lock} ${e.mode}`] : [])));
	// 4 CPUs sit on socket 0 of the default machine: node 1's zone is page-alloc.test.ts's case.
	for (const lock of ['node0:zone->lock spin', 'node0:lru_lock spin', 'memcg.page_counter@session-1.scope atomic', 'memcg.page_counter@root atomic']) assert.ok(locks.has(lock), lock);
	const classes = original.summary.locks.map(l => l.lockClass);
	for (const name of ['zone->lock', 'lru_lock', 'memcg.page_counter']) assert.ok(classes.includes(name), `${name} in the summary's lock classes`);
	assert.equal((await verifyRecording(file)).identical, true);
	// The same run without memcg: the header says so, and replay re-simulates it that way.
	const off = {...run, machine: {...run.machine, memcg: false}};
	const offFile = temp.path('pft-no-memcg.ndjson');
	const without = await recordRun(off, offFile);
	assert.ok(!without.events.some(e => e.type === 'lock-acquire' && e.lock.startsWith('memcg.')));
	assert.deepStrictEqual((await replaySummary(offFile, {})).prepared, off);
	assert.equal((await verifyRecording(offFile)).identical, true);
});
