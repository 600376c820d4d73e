import assert from 'node:assert/strict';
import {test} from 'node:test';
import {VirtualAction, VirtualTimeScheduler} from 'rxjs';
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import type {MachineConfig} from '../../source/sim/config.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {Injection, SimEvent} from '../../source/sim/events.ts';
import {defaultFrameMs} from '../../source/stream/index.ts';
import type {LiveSource} from '../../source/ui/index.ts';
import {DashboardSession} from '../../source/ui/index.ts';

/** One fault-end per µs on alternating CPUs, a VMA at time 0, and injections as events. */
class FakeSource implements LiveSource {
	now = 0;
	readonly cpus = 2;
	readonly injected: Injection[] = [];
	#pending: SimEvent[] = [{type: 'vma-alloc', t: 0, cpu: -1, fn: 'vm_area_alloc', mm: 0, vma: 1, start: 0x1000_0000, end: 0x1080_0000, flags: 'rw-p anon'}];
	failAt = Number.POSITIVE_INFINITY;

	constructor(readonly machine: MachineConfig) {}

	advance(untilNs: number): SimEvent[] {
		if (untilNs > this.failAt) throw new Error('simulator bug');
		const events = this.#pending;
		this.#pending = [];
		for (let t = Math.floor(this.now / 1000) * 1000 + 1000; t <= untilNs; t += 1000) {
			events.push({type: 'fault-end', t, cpu: (t / 1000) % 2, fn: 'do_user_addr_fault', mm: 0, addr: 0x1000_0000, outcome: 'ok', path: 'classic', kind: 'anon', latencyNs: 500});
		}

		this.now = untilNs;
		return events;
	}

	inject(injection: Injection): void {
		this.injected.push(injection);
		this.#pending.push({type: 'inject', t: this.now, cpu: 0, fn: 'inject', injection});
	}
}

const scenario = loadScenarioFile(resolveScenarioArg('default'));
const machine = resolveMachine(scenario, {cpus: 2});

function setup(options: {schemes?: string[]} = {}) {
	const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
	const sources: FakeSource[] = [];
	const session = new DashboardSession({
		scenario,
		machine,
		scheduler,
		schemes: options.schemes,
		source: {
			kind: 'live',
			create: m => {
				const source = new FakeSource(m);
				sources.push(source);
				return source;
			},
		},
	});
	let frames = 0;
	session.subscribe(() => frames++);
	/** Runs virtual time forward to `ms`. */
	const runTo = (ms: number) => {
		scheduler.maxFrames = ms;
		scheduler.flush();
		// Time passes even when nothing was scheduled (paused).
		scheduler.frame = ms;
	};

	return {session, sources, runTo, frames: () => frames};
}

test('running, a tick of 10 ms advances 10 µs at 1 ms/s, and frames come at most once per frame period', () => {
	const {session, sources, runTo, frames} = setup();
	session.start();
	runTo(1000);
	const frame = session.getFrame();
	assert.equal(sources[0]!.now, 1_000_000);
	assert.equal(frame.speed.target, 1e6);
	assert.ok(frame.snapshot.timeNs >= 960_000, String(frame.snapshot.timeNs));
	assert.ok(frames() <= 1000 / defaultFrameMs + 2, `${frames()} frames in 1 s`);
	assert.ok(frames() >= 1000 / defaultFrameMs - 5, `${frames()} frames in 1 s`);
	assert.equal(frame.snapshot.totals.faults, frame.snapshot.counts['fault-end']);
	assert.deepEqual(frame.snapshot.vmas.map(row => row.vma), [1]);
	session.stop();
});

test('space pauses the machine and the display; + and - move along the speed ladder', () => {
	const {session, sources, runTo} = setup();
	session.start();
	runTo(500);
	session.togglePause();
	const paused = session.getFrame();
	assert.equal(paused.paused, true);
	const at = sources[0]!.now;
	// The paused frame is final at once: it shows every event simulated, totals included, and
	// the frame period's trailing snapshot changes nothing a person could see.
	assert.equal(paused.snapshot.timeNs, at);
	assert.equal(paused.snapshot.totals.faults, at / 1000);
	assert.equal(paused.summary.simNs, at);
	runTo(1500);
	assert.equal(sources[0]!.now, at);
	assert.deepEqual(session.getFrame().snapshot, paused.snapshot);
	assert.deepEqual(session.getFrame().summary, paused.summary);
	session.togglePause();
	session.changeSpeed(1);
	assert.equal(session.getFrame().speed.target, 2e6);
	runTo(2500);
	assert.equal(sources[0]!.now - at, 2_000_000);
	session.changeSpeed(-2);
	assert.equal(session.getFrame().speed.target, 5e5);
	session.stop();
});

test('keys inject into the source between ticks, and the injection reaches the stream as an event', () => {
	const {session, sources, runTo} = setup();
	// A recorder subscribes to the same shared batches as the UI.
	const recorded: SimEvent[] = [];
	session.run.batches$.subscribe(batch => recorded.push(...batch.filter(event => event.type === 'inject')));
	session.start();
	runTo(300);
	session.inject('mmap', null);
	assert.deepEqual(sources[0]!.injected, [{kind: 'mmap', mm: 0, size: scenario.injectMmap.size, file: scenario.injectMmap.file, shared: scenario.injectMmap.shared}]);
	assert.match(session.getFrame().notice!, /^injected mmap 8M anon private mm0 at 0\.300 ms$/);
	session.inject('fault-storm', {mm: 0, vma: 1, live: true});
	assert.deepEqual(sources[0]!.injected[1], {kind: 'fault-storm', mm: 0, vma: 1, durationNs: 2_000_000});
	session.inject('munmap', null);
	assert.match(session.getFrame().notice!, /^munmap: no VMA selected/);
	session.inject('mprotect', {mm: 0, vma: 1, live: false});
	assert.equal(session.getFrame().notice, 'mprotect: vma#1 is already unmapped');
	assert.equal(sources[0]!.injected.length, 2);
	runTo(400);
	assert.deepEqual(recorded.map(event => event.type === 'inject' && event.injection.kind), ['mmap', 'fault-storm']);
	assert.ok(session.getFrame().snapshot.log.some(event => event.type === 'inject'));
	// The notice goes after 5 s.
	runTo(6000);
	assert.equal(session.getFrame().notice, null);
	session.stop();
});

test('the log filter keeps matching events, even after the firehose has moved on', () => {
	const {session, runTo} = setup();
	session.start();
	runTo(100);
	session.inject('mmap', null);
	session.setLogFilter('type:inject');
	runTo(3000);
	const {log, snapshot} = session.getFrame();
	assert.equal(log.filter, 'type:inject');
	assert.deepEqual(log.events.map(event => event.type), ['inject']);
	assert.equal(log.total, 1);
	// The unfiltered ring no longer holds it.
	assert.ok(!snapshot.log.some(event => event.type === 'inject'));
	session.setLogFilter('');
	assert.equal(session.getFrame().log.events, session.getFrame().snapshot.log);
	session.stop();
});

test('s restarts from time 0 with the same seed under the next scheme, and keeps the totals of the run before', () => {
	const {session, sources, runTo} = setup({schemes: ['mmap-sem', 'next-scheme']});
	session.start();
	runTo(500);
	session.nextScheme();
	assert.equal(sources.length, 2);
	assert.equal(sources[1]!.machine.scheme, 'next-scheme');
	assert.equal(sources[1]!.machine.seed, machine.seed);
	assert.equal(session.run.index, 1);
	assert.match(session.getFrame().notice!, /^scheme mmap-sem → next-scheme: restarted from 0 with seed 1$/);
	runTo(1000);
	const frame = session.getFrame();
	assert.equal(frame.scheme.id, 'next-scheme');
	assert.ok(frame.snapshot.timeNs <= 500_000);
	assert.deepEqual(frame.schemeTotals.map(totals => [totals.scheme, totals.run]), [['mmap-sem', 0], ['next-scheme', 1]]);
	assert.ok(frame.schemeTotals[0]!.summary.faults > 0);
	session.stop();
});

test('a failing simulator stops the run and is reported once', () => {
	const {session, sources, runTo} = setup();
	const errors: unknown[] = [];
	session.onError(error => errors.push(error));
	session.start();
	sources[0]!.failAt = 200_000;
	runTo(1000);
	assert.equal(errors.length, 1);
	assert.match((errors[0] as Error).message, /simulator bug/);
	session.stop();
});
