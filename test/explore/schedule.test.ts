import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {describe, test} from 'node:test';
import {prepareRun} from '../../source/run/prepare-run.ts';
import {drawSchedule, formatSchedule, parseSchedule, ScheduledStalls, scheduleHitBound, type Schedule} from '../../source/sim/schedule.ts';
import {Simulator} from '../../source/sim/simulator.ts';

/** sha256 of a short mprotect-race run on 2 CPUs, under `schedule` (or none at all). */
function streamHash(schedule?: Schedule): string {
	const run = prepareRun({scenario: 'mprotect-race', scheme: 'spf-v12', cpus: 2, durationNs: 200_000});
	const sim = new Simulator(run.machine);
	if (schedule !== undefined) sim.perturb(schedule);
	return createHash('sha256').update(JSON.stringify(sim.advance(run.durationNs))).digest('hex');
}

describe('schedules', () => {
	test('the text form round-trips, with the largest exact unit', () => {
		const text = 'cpu3@1234+16us,cpu0@0+2ms,cpu1@7+1500ns';
		assert.deepEqual(parseSchedule(text), [
			{cpu: 3, access: 1234, delayNs: 16_000},
			{cpu: 0, access: 0, delayNs: 2_000_000},
			{cpu: 1, access: 7, delayNs: 1500},
		]);
		assert.equal(formatSchedule(parseSchedule(text)), text);
		assert.deepEqual(parseSchedule(''), []);
		assert.throws(() => parseSchedule('cpu1@x+1us'), /cpu1@x\+1us.*CPU@ACCESS\+DELAY/);
	});

	test('the hook stalls a CPU only after the access the schedule names', () => {
		const stalls = new ScheduledStalls([{cpu: 1, access: 2, delayNs: 5000}], 2);
		assert.deepEqual([stalls.access(1), stalls.access(0), stalls.access(1), stalls.access(1), stalls.access(1)], [0, 0, 0, 5000, 0]);
		assert.deepEqual(stalls.accesses, [1, 4]);
		assert.throws(() => new ScheduledStalls([{cpu: 2, access: 0, delayNs: 1}], 2), /CPU 2.*2 CPUs/);
	});

	test('a stall drawn while interrupts are off is held until they are enabled again', () => {
		let off = true;
		const stalls = new ScheduledStalls([{cpu: 0, access: 1, delayNs: 7000}], 1, () => off);
		assert.deepEqual([stalls.access(0), stalls.access(0), stalls.access(0)], [0, 0, 0]);
		off = false;
		assert.equal(stalls.irqsEnabled(0), 7000);
		assert.equal(stalls.irqsEnabled(0), 0, 'taken once');
	});

	test('a draw depends on (seed, index) alone and stays inside the run', () => {
		const accesses = [100, 0, 50];
		const a = drawSchedule(7, 3, accesses, 3);
		assert.deepEqual(drawSchedule(7, 3, accesses, 3), a);
		assert.notDeepEqual(drawSchedule(7, 4, accesses, 3), a);
		for (const p of a) assert.ok(p.cpu !== 1 && p.access < accesses[p.cpu]!);
		assert.equal(scheduleHitBound([10, 10], 2), 1 / (20 * 8) ** 2);
	});

	test('counting alone leaves the stream unchanged; a stall changes it, the same way each time', () => {
		const plain = streamHash();
		assert.equal(streamHash([]), plain);
		const stalled: Schedule = [{cpu: 1, access: 40, delayNs: 8000}];
		assert.notEqual(streamHash(stalled), plain);
		assert.equal(streamHash(stalled), streamHash(stalled));
	});
});
