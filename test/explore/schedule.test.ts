import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {describe, test} from 'node:test';
import {prepareRun} from '../../source/run/prepare-run.ts';
import {accessProfile, drawSchedule, formatSchedule, parseSchedule, ScheduledStalls, scheduleHitBound, type Schedule} from '../../source/sim/schedule.ts';
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
		assert.deepEqual([stalls.access(1, 0), stalls.access(0, 0), stalls.access(1, 0), stalls.access(1, 0), stalls.access(1, 0)], [0, 0, 0, 5000, 0]);
		assert.deepEqual(stalls.accesses, [1, 4]);
		assert.throws(() => new ScheduledStalls([{cpu: 2, access: 0, delayNs: 1}], 2), /CPU 2.*2 CPUs/);
	});

	test('a stall drawn while interrupts are off is held until they are enabled again', () => {
		let off = true;
		const stalls = new ScheduledStalls([{cpu: 0, access: 1, delayNs: 7000}], 1, () => off);
		assert.deepEqual([stalls.access(0, 0), stalls.access(0, 0), stalls.access(0, 0)], [0, 0, 0]);
		off = false;
		assert.equal(stalls.irqsEnabled(0), 7000);
		assert.equal(stalls.irqsEnabled(0), 0, 'taken once');
	});

	test('a traced run gathers each site\'s accesses, CPU by CPU in order', () => {
		const stalls = new ScheduledStalls([], 2, undefined, true);
		// CPU 0: a b a; CPU 1: b b; sites 0 (a) and 1 (b); site 2 (c) is never reached.
		for (const [cpu, site] of [[0, 0], [1, 1], [0, 1], [1, 1], [0, 0]] as const) stalls.access(cpu, site);
		const profile = accessProfile(stalls.trace(['a', 'b', 'c']));
		assert.deepEqual(profile.accesses, [3, 2]);
		assert.deepEqual(
			profile.sites.map(s => ({name: s.name, cpus: [...s.cpus], indices: [...s.indices]})),
			[
				{name: 'a', cpus: [0, 0], indices: [0, 2]},
				{name: 'b', cpus: [0, 1, 1], indices: [1, 0, 1]},
			],
		);
		assert.throws(() => new ScheduledStalls([], 1).trace([]), /not traced/);
	});

	test('a draw depends on (seed, index) alone, stays inside the run, and reaches rare sites', () => {
		// 10,000 accesses at a hot site on CPU 0, one at a rare site on CPU 2.
		const hot = {name: 'hot', cpus: new Uint16Array(10_000), indices: Uint32Array.from({length: 10_000}, (_, i) => i)};
		const rare = {name: 'rare', cpus: Uint16Array.of(2), indices: Uint32Array.of(0)};
		const profile = {accesses: [10_000, 0, 1], sites: [hot, rare]};
		const a = drawSchedule(7, 3, profile, 3);
		assert.deepEqual(drawSchedule(7, 3, profile, 3), a);
		assert.notDeepEqual(drawSchedule(7, 4, profile, 3), a);
		let rareHits = 0;
		for (let index = 0; index < 400; index++) {
			for (const p of drawSchedule(1, index, profile, 2)) {
				assert.ok(p.cpu !== 1 && p.access < profile.accesses[p.cpu]!);
				if (p.cpu === 2) rareHits++;
			}
		}
		// Site first in half the draws, the rare site in half of those: about 200 of 800, where uniform draws give 0.08.
		assert.ok(rareHits > 150 && rareHits < 250, `${rareHits} draws at the rare site`);
		assert.equal(scheduleHitBound([10, 10], 2), 1 / (2 * 20 * 15) ** 2);
	});

	test('counting alone leaves the stream unchanged; a stall changes it, the same way each time', () => {
		const plain = streamHash();
		assert.equal(streamHash([]), plain);
		const stalled: Schedule = [{cpu: 1, access: 40, delayNs: 8000}];
		assert.notEqual(streamHash(stalled), plain);
		assert.equal(streamHash(stalled), streamHash(stalled));
	});
});
