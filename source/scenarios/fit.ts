/**
 * Whether a loaded scenario fits the machine it is about to run on. Counts like `cpus` are
 * known only once the CPU count is (the file's, or `--cpus`), so this runs after loading,
 * before the machine is built, and reports at the FILE:LINE:COL the count was written.
 */
import {evalCount, threadsExceed, unpinnedThreads, type Scenario} from '../sim/config.ts';
import {ScenarioError, type Problem} from './error.ts';
import type {Location} from './field.ts';
import {maxMappings, maxProcesses} from './limits.ts';
import {processLocations} from './locations.ts';

/** Throws a ScenarioError when `scenario` on `cpus` CPUs has too many processes, threads or mappings. */
export function checkMachineFits(scenario: Scenario, cpus: number, file: string): void {
	const problems: Problem[] = [];
	const at = (where: Location | undefined, what: string): void => {
		problems.push(where ? {...where, what} : {file, what});
	};
	let processes = 0;
	let threads = 0;
	let mappings = 0;
	for (const spec of scenario.processes) {
		const where = processLocations(spec);
		const count = evaluate(spec.count, cpus, where?.count ?? where?.process, at);
		const perProcess = evaluate(spec.threads, cpus, where?.threads ?? where?.process, at);
		if (count === undefined || perProcess === undefined) continue;
		processes += count;
		if (processes > maxProcesses) {
			at(where?.count ?? where?.process, `${processes} processes with the ones before: at most ${maxProcesses} (one per CPU at most)`);
			break;
		}
		threads += count * unpinnedThreads(spec, perProcess);
		if (threads > cpus) {
			at(where?.threads ?? where?.count ?? where?.process, threadsExceed(scenario.name, threads, cpus));
			break;
		}
		mappings += count * spec.mappings.length;
		if (mappings > maxMappings) {
			at(where?.process, `${mappings} mappings in all processes: at most ${maxMappings} (the kernel's default vm.max_map_count)`);
			break;
		}
		for (const [i, tp] of spec.threadPrograms.entries()) {
			if (tp.thread >= perProcess) at(where?.threadPrograms[i], `thread ${tp.thread} does not exist on ${cpus} CPUs: the process has ${perProcess} thread(s), numbered from 0`);
		}
	}
	if (problems.length > 0) throw new ScenarioError(problems);
}

function evaluate(count: number | string, cpus: number, where: Location | undefined, at: (where: Location | undefined, what: string) => void): number | undefined {
	try {
		return Math.max(0, evalCount(count, cpus));
	} catch (error) {
		at(where, (error as Error).message);
		return undefined;
	}
}
