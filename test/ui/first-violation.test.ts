// The dashboard keeps what the first violation's diagram needs, in bounded memory: the
// same diagram `spf-top explain` draws from the whole run, frozen when the violation comes.
import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {VirtualAction, VirtualTimeScheduler} from 'rxjs';
import {formatInterleaving, interleaving} from '../../source/explore/interleaving.ts';
import {FirstViolation} from '../../source/ui/session/first-violation.ts';
import {DashboardSession} from '../../source/ui/index.ts';
import {createReplaySource, type ReplaySource} from '../../source/record/replay-source.ts';
import {recordRun, tempDir} from '../record/helpers.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {zapRaceWidened} from '../schemes/helpers.ts';
import {raceEvents, raceMachine, raceScenario} from './violation-fixture.ts';

const temp = tempDir();
const opened: ReplaySource[] = [];
after(() => {
	for (const source of opened) source.close();
	temp.remove();
});

test('the diagram of the first violation is the one spf-top explain draws from the whole run', () => {
	const {batches, events, first} = raceEvents();
	const kept = new FirstViolation();
	const found = batches.map(batch => kept.fold(batch));
	assert.equal(found.filter(Boolean).length, 1, 'found once, in the batch that has it');
	const view = kept.view!;
	assert.equal(view.violation, first);
	const whole = interleaving(events, first);
	assert.equal([...view.table, '', view.sentence].join('\n'), formatInterleaving(whole));
	assert.deepEqual(view.cpus, [0, 1]);
	assert.equal(view.heldFromNs, null, 'the ring held the whole story');
	assert.match(view.table.at(-1)!, /^>> +0\.038303 ms +do_mprotect_pkey: pte-exceeds-vma$/);
});

test('past a wrapped ring (a use-after-free some 2,000 events in, a ring of 500), the diagram is still the whole run\'s', () => {
	// zap-race with widened costs under per-vma without the VMA pin: the page table freed under a fault at 0.8 ms.
	const sim = new Simulator(resolveMachine(zapRaceWidened(), {scheme: 'per-vma', breakVariant: 'no-vma-pin'}));
	const held = 500;
	const kept = new FirstViolation(held);
	const events: SimEvent[] = [];
	for (let t = 50_000; kept.view === null && t <= 20_000_000; t += 50_000) {
		const batch = sim.advance(t);
		events.push(...batch);
		kept.fold(batch);
	}

	const view = kept.view!;
	assert.equal(view.violation.kind, 'pgtable-use-after-free');
	assert.ok(events.indexOf(view.violation) > 2 * held, 'the ring went round');
	assert.equal([...view.table, '', view.sentence].join('\n'), formatInterleaving(interleaving(events, view.violation)));
	assert.equal(view.heldFromNs, null);
});

test('a ring too small for the story still finds the VMA and its writer from the anchors, and says steps may be missing', () => {
	const {batches, events, first} = raceEvents();
	// The mprotect began at 19.7 µs, about 600 events before the violation.
	const kept = new FirstViolation(200);
	for (const batch of batches) kept.fold(batch);
	const view = kept.view!;
	assert.equal(view.violation, first);
	assert.ok(view.heldFromNs !== null && view.heldFromNs > 19_719 && view.heldFromNs <= first.t, String(view.heldFromNs));
	assert.deepEqual(view.cpus, [0, 1], 'the writer on CPU 0 still has its column');
	assert.match(view.table[1]!, /0\.019719 ms +do_mprotect_pkey: mprotect vma#1 0x7effffc00000-0x7f0000000000/);
	assert.match(view.table.at(-1)!, /^>> +0\.038303 ms +do_mprotect_pkey: pte-exceeds-vma$/);
	assert.equal(view.sentence, interleaving(events, first).sentence);
});

test('the session publishes the first violation in its frame, keeps it, and a restart forgets it', () => {
	const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
	const session = new DashboardSession({scenario: raceScenario, machine: raceMachine, scheduler, schemes: ['spf-v11', 'spf-v12']});
	const runTo = (ms: number) => {
		scheduler.maxFrames = ms;
		scheduler.flush();
	};

	session.start();
	assert.equal(session.getFrame().violation, null);
	// 1 ms/s: the violation at 38 µs is simulated within 40 ms of (virtual) wall time.
	runTo(100);
	const {first} = raceEvents();
	const view = session.getFrame().violation;
	assert.deepEqual(view?.violation, first);
	runTo(400);
	const later = session.getFrame();
	assert.ok(later.snapshot.totals.violations > 1, 'more violations came');
	assert.equal(later.violation, view, 'the diagram stays the first one');
	session.nextScheme();
	assert.equal(session.getFrame().violation, null);
	session.stop();
});

test('a replay finds the recorded race the same way; a seek shows the first violation up to its target only', async () => {
	const file = temp.path('race.ndjson');
	await recordRun({scenario: raceScenario, machine: raceMachine, durationNs: 200_000}, file);
	const source = await createReplaySource(file);
	opened.push(source);
	const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
	const session = new DashboardSession({scenario: raceScenario, machine: raceMachine, scheduler, source: {kind: 'replay', sim: source, file}, schemes: [raceMachine.scheme]});
	const runTo = (ms: number) => {
		scheduler.maxFrames = ms;
		scheduler.flush();
	};

	const {first} = raceEvents();
	session.start();
	runTo(100);
	assert.deepEqual(session.getFrame().violation?.violation, first);
	session.togglePause();
	session.seek(20_000);
	runTo(300);
	assert.ok(session.getFrame().snapshot.timeNs <= 20_000, 'shown up to the target');
	assert.equal(session.getFrame().violation, null, 'at 20 µs the race has not happened yet');
	session.seek(150_000);
	runTo(500);
	assert.deepEqual(session.getFrame().violation?.violation, first);
	session.stop();
});
