/** `spf-top check`: hold scenarios to their `expect:` blocks; exit 1 when one fails. */
import type {Io} from '../run/io.ts';
import type {RunOptions} from '../run/run-options.ts';
import {checkScenarios, formatCheckText} from './check.ts';

export async function runCheck(options: RunOptions, io: Io): Promise<number> {
	const results = await checkScenarios({
		scenarios: options.scenarios,
		cpus: options.cpus,
		machine: options.machine,
		sockets: options.sockets,
		threadsPerCore: options.threadsPerCore,
		seed: options.seed,
		durationNs: options.durationNs,
		concurrency: options.jobs,
	});
	io.stdout.write((options.json ? JSON.stringify(results) : formatCheckText(results)) + '\n');
	return results.every(r => r.pass) ? 0 : 1;
}
