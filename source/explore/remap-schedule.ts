/**
 * A schedule moved onto a changed scenario. A stall names an access by its index on its CPU,
 * and a scenario with a step or a thread fewer numbers its accesses differently; the stall
 * that opened the race was at a code site (`pte_map_lock`, `srcu_read_lock`...), so it goes
 * to the same occurrence of the same site on the same CPU in the new run (the last one, when
 * the new run has fewer), or is dropped when that CPU never reaches the site.
 */
import type {Schedule, SiteTrace} from '../sim/schedule.ts';

export function remapSchedule(schedule: Schedule, from: SiteTrace, to: SiteTrace): Schedule {
	const remapped = [];
	for (const stall of schedule) {
		const before = from.perCpu[stall.cpu];
		const after = to.perCpu[stall.cpu];
		if (before === undefined || after === undefined || stall.access >= before.length) continue;
		const name = from.names[before[stall.access]!]!;
		const site = to.names.indexOf(name);
		if (site === -1) continue;
		let occurrence = 0;
		for (let i = 0; i < stall.access; i++) if (from.names[before[i]!] === name) occurrence++;
		let access = -1;
		for (let i = 0, seen = 0; i < after.length; i++) {
			if (after[i] !== site) continue;
			access = i;
			if (seen++ === occurrence) break;
		}
		if (access !== -1) remapped.push({...stall, access});
	}
	return remapped;
}
