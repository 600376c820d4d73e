/**
 * Schedules `spf-top explore` needs to find a race: the search of `explore` (depth 2, at most
 * N schedules, one thread) for each draw seed, with the index of the first violating schedule.
 * node --import tsx bench/explore-schedules.ts SCHEME BREAK|- SCENARIO SEED... (N=200 default)
 */
import {searchSchedules} from '../source/explore/search.ts';
import {formatSchedule} from '../source/sim/schedule.ts';

const [scheme, breakVariant, scenario, ...seeds] = process.argv.slice(2);
for (const seed of seeds) {
	const t0 = Date.now();
	const found = await searchSchedules({scenario: scenario!, scheme: scheme!, breakVariant: breakVariant === '-' ? undefined : breakVariant, schedules: Number(process.env['N'] ?? 200), depth: 2, drawSeed: Number(seed), concurrency: 1});
	const race = found.race === null ? 'none' : `${found.race.violation.kind} in ${found.race.violation.fn} by ${formatSchedule(found.race.schedule) || 'the unperturbed run'}`;
	console.log(`${scheme} ${breakVariant} ${scenario} seed ${seed}: ${found.tried} schedules, ${race} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
