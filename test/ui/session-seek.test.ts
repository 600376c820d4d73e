// Seeking a replay: the dashboard after a seek shows what a viewer who played the recording
// straight to that time would see. A real run is recorded with the real recorder.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {VirtualAction, VirtualTimeScheduler} from 'rxjs';
import {createReplaySource, type ReplaySource} from '../../source/record/replay-source.ts';
import {createSnapshotState, createSummary, finishSummary, foldSnapshot, foldSummary, takeSnapshot} from '../../source/stream/index.ts';
import {DashboardSession} from '../../source/ui/index.ts';
import {describeRun, recordRun, tempDir} from '../record/helpers.ts';

const run = describeRun('default', 2, 2_000_000);
const temp = tempDir();
const file = temp.path('seek.ndjson');
const opened: ReplaySource[] = [];

before(async () => {
	await recordRun(run, file);
});

after(() => {
	for (const source of opened) source.close();
	temp.remove();
});

async function open(): Promise<ReplaySource> {
	const source = await createReplaySource(file);
	opened.push(source);
	return source;
}

async function setup() {
	const source = await open();
	const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
	const session = new DashboardSession({scenario: run.scenario, machine: run.machine, scheduler, source: {kind: 'replay', sim: source, file}, schemes: [run.machine.scheme]});
	const runTo = (ms: number) => {
		scheduler.maxFrames = ms;
		scheduler.flush();
		scheduler.frame = ms;
	};
	return {session, source, runTo, scheduler};
}

/** The snapshot and summary of the recording played straight from 0 to `ns`, folded in one go. */
async function straight(ns: number) {
	const source = await open();
	const events = source.advance(ns);
	const state = createSnapshotState({cpus: run.machine.cpus, windowNs: 250_000, logSize: 2000});
	foldSnapshot(state, events);
	const summary = createSummary(run.machine.cpus);
	foldSummary(summary, events);
	return {snapshot: takeSnapshot(state, ns), summary: finishSummary(summary, ns)};
}

test('a seek folds the recording again up to the target: the snapshot and totals equal a straight run to that time', async () => {
	const {session, runTo, source} = await setup();
	session.start();
	runTo(300);
	assert.ok(source.now > 0);
	session.togglePause();
	session.seek(1_234_567);
	assert.equal(session.getFrame().replay?.seekingTo, 1_234_567);
	runTo(1000);
	const frame = session.getFrame();
	const expected = await straight(1_234_567);
	assert.equal(source.now, 1_234_567, 'paused after the seek: the replay stays at the target');
	assert.deepEqual(frame.snapshot, expected.snapshot);
	assert.deepEqual(frame.summary, expected.summary);
	assert.deepEqual(frame.replay, {file, positionNs: 1_234_567, durationNs: 2_000_000, seekingTo: null, ended: false});
	assert.match(frame.notice ?? '', /seek to 1\.235 ms of 2\.000 ms/);

	// Back by 10% of the recording: a seek backwards folds from 0 again.
	session.seekTo('back');
	runTo(2000);
	const back = await straight(1_034_567);
	assert.deepEqual(session.getFrame().snapshot, back.snapshot);
	assert.deepEqual(session.getFrame().summary, back.summary);
	session.stop();
});

test('g goes to the start, G to the end (clamped), and a seek keeps playing paced when not paused', async () => {
	const {session, runTo, source} = await setup();
	session.start();
	runTo(100);
	session.seekTo('end');
	runTo(500);
	let frame = session.getFrame();
	assert.equal(source.now, 2_000_000);
	assert.deepEqual(frame.snapshot, (await straight(2_000_000)).snapshot);
	assert.equal(frame.replay?.ended, true);

	session.seek(-5);
	frame = session.getFrame();
	assert.equal(frame.replay?.positionNs, 0);
	assert.equal(frame.snapshot.events, 0);
	// Not paused: it plays on from the start at 1 ms per wall second.
	runTo(1100);
	assert.ok(source.now >= 500_000 && source.now <= 620_000, String(source.now));

	session.seek(3e9);
	runTo(1500);
	assert.equal(session.getFrame().replay?.positionNs, 2_000_000);
	session.seekTo('forward');
	runTo(1800);
	assert.equal(source.now, 2_000_000);
	session.seekTo('start');
	session.seekTo('forward');
	session.seekTo('forward');
	runTo(2200);
	// Relative seeks while one is still on its way count from its target.
	assert.ok(source.now >= 400_000, String(source.now));
	session.stop();
});

test('a replay refuses injections and the scheme switch, with a notice', async () => {
	const {session, runTo} = await setup();
	session.start();
	runTo(100);
	session.inject('mmap', null);
	assert.match(session.getFrame().notice ?? '', /mmap: a recording cannot take injections/);
	session.nextScheme();
	assert.match(session.getFrame().notice ?? '', /s: a recording plays its one scheme/);
	assert.equal(session.run.index, 0);
	assert.equal(session.getFrame().canInject, false);
	assert.equal(session.getFrame().canSwitchScheme, false);
	session.stop();
});
