import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {checkScenarios} from '../../source/commands/check.ts';
import {prepareRun} from '../../source/run/prepare-run.ts';
import {runHeadless} from '../../source/commands/run-headless.ts';
import {raceScenarioText, writePinnedScenario} from '../../source/explore/repro.ts';
import {runSchedule} from '../../source/explore/run-schedule.ts';
import {searchSchedules, type SearchResult} from '../../source/explore/search.ts';
import {shrinkRace} from '../../source/explore/shrink.ts';
import {parse} from 'yaml';
import {scenarioSize} from '../../source/explore/smaller-scenarios.ts';
import {parseScenario, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {formatSchedule, parseSchedule} from '../../source/sim/schedule.ts';

// mprotect-race on 2 CPUs for 24 µs: the seed's own run is clean, and the PTE built from
// flags read before an mprotect needs a stalled fault (--break skip-seq-recheck). The
// search's first violating schedule is the 24th, cpu1@18+4us,cpu1@121+1024us (over draw
// seeds 1-5: 24, 132, 5, 31, 101).
const run = {scenario: 'mprotect-race', scheme: 'spf-v12', breakVariant: 'skip-seq-recheck', cpus: 2, durationNs: 24_000} as const;

describe('explore', () => {
	let alone: SearchResult;
	before(async () => {
		alone = await searchSchedules({...run, schedules: 60, depth: 2, drawSeed: 1, concurrency: 1});
	});

	test('the search finds the same first violating schedule with one worker or two', async () => {
		const two = await searchSchedules({...run, schedules: 60, depth: 2, drawSeed: 1, concurrency: 2});
		assert.ok(alone.race !== null && alone.race.index > 0, 'the unperturbed run is clean, a drawn one is not');
		assert.equal(alone.race.violation.kind, 'pte-exceeds-vma');
		assert.deepEqual(two, alone);
	});

	test('the race shrinks to fewer stalls, fewer steps and a run cut at the violation, which the headless run replays from the written scenario', async () => {
		const race = {...run, schedule: alone.race!.schedule, violation: alone.race!.violation};
		const shrunk = await shrinkRace(race, {depth: 2, drawSeed: 1, budget: 8, concurrency: 1});
		assert.equal(shrunk.cpus, 2);
		assert.ok(shrunk.schedule.length < race.schedule.length, `stalls: ${formatSchedule(shrunk.schedule)}`);
		assert.equal(shrunk.durationNs, Math.ceil((shrunk.violation.t + 1) / 1000) * 1000);
		assert.equal(shrunk.violation.kind, 'pte-exceeds-vma');
		// The scenario shrank too: the zap (madvise) steps are not needed for the race.
		const text = raceScenarioText(shrunk, resolveScenarioArg('mprotect-race'));
		const size = (yaml: string) => scenarioSize(parse(yaml), parseScenario(yaml, 'x.yaml'), 2);
		const original = readFileSync(resolveScenarioArg('mprotect-race'), 'utf8');
		assert.ok(size(text).steps < size(original).steps, `steps ${size(text).steps} of ${size(original).steps}`);
		assert.doesNotMatch(text, /madvise/);
		// The printed command: the written scenario and the schedule as text, back through the headless run.
		const dir = mkdtempSync(join(tmpdir(), 'spf-top-explore-'));
		const copy = join(dir, 'copy.yaml');
		writeFileSync(copy, text);
		const summary = await runHeadless(prepareRun({...shrunk, scenario: copy, schedule: parseSchedule(formatSchedule(shrunk.schedule))}));
		assert.deepEqual(summary.violations.first[0], shrunk.violation);
		const again = await runSchedule({...shrunk, scenario: copy});
		assert.deepEqual(again.violation, shrunk.violation);
		// Deterministic: the same race shrinks to the same case.
		assert.deepEqual(await shrinkRace(race, {depth: 2, drawSeed: 1, budget: 8, concurrency: 2}), shrunk);
		// --save: a scenario pinning it, which check holds to it.
		const file = writePinnedScenario(text, shrunk, prepareRun({...shrunk, scenario: copy}).machine, join(dir, 'pinned.yaml'));
		const pinned = readFileSync(file, 'utf8');
		assert.match(pinned, /^cpus: 2$/m);
		assert.match(pinned, new RegExp(`^duration: ${shrunk.durationNs / 1000}us$`, 'm'));
		// With less in the scenario its own run violates: no schedule to pin.
		assert.deepEqual(shrunk.schedule, []);
		assert.ok(pinned.includes('\n    - {scheme: spf-v12, break: skip-seq-recheck}\n'), pinned);
		assert.equal(pinned.match(/^expect:/gm)?.length, 1);
		const [check] = await checkScenarios({scenarios: [file], concurrency: 1});
		assert.equal(check!.pass, true, JSON.stringify(check));
		assert.match(check!.checks.at(-1)!.text, /^caught spf-v12 --break skip-seq-recheck by explored schedule 0 \(pte-exceeds-vma/);
	});
});

test('zap-race at default costs: a found schedule of --break no-vma-pin replays its race, and the intact scheme stays clean under it', async () => {
	// Found by `bench/explore-schedules.ts refcount-2010 no-vma-pin zap-race 1` (schedule 7): a 4 ms
	// stall on CPU 1 and a 256 µs one on CPU 6, across a munmap: a page table linked where no VMA is left.
	const schedule = parseSchedule('cpu1@9411+4096us,cpu6@15442+256us');
	const broken = await runSchedule({scenario: 'zap-race', scheme: 'refcount-2010', breakVariant: 'no-vma-pin', schedule});
	assert.equal(broken.violation?.kind, 'pgtable-leak');
	const plain = await runSchedule({scenario: 'zap-race', scheme: 'refcount-2010', breakVariant: 'no-vma-pin', schedule: []});
	assert.equal(plain.violation, null, 'the seed’s own run is clean: the stalls are the race');
	const intact = await runSchedule({scenario: 'zap-race', scheme: 'refcount-2010', schedule});
	assert.equal(intact.violation, null);
});
