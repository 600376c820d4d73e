/** Dispatches checked options to a command; returns the exit code. */
import {formatSummary} from '../commands/format-summary.ts';
import {prepareRun} from '../commands/prepare-run.ts';
import {runHeadless} from '../commands/run-headless.ts';
import {listScenarios} from '../commands/scenarios.ts';
import type {RunOptions} from './options.ts';

export interface Io {
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
}

export async function run(options: RunOptions, io: Io): Promise<number> {
	switch (options.command) {
		case 'scenarios':
			io.stdout.write(listScenarios() + '\n');
			return 0;
		case 'run': {
			const prepared = prepareRun(options);
			if (!options.headless) {
				io.stderr.write('spf-top: the live dashboard is not built yet; run with --headless for a summary\n');
				return 2;
			}
			const summary = await runHeadless(prepared);
			io.stdout.write(options.json ? JSON.stringify({scenario: prepared.scenario.name, scheme: prepared.machine.scheme, breakVariant: prepared.machine.breakVariant, seed: prepared.machine.seed, sockets: prepared.machine.sockets, ...summary}) + '\n' : formatSummary(prepared, summary) + '\n');
			return 0;
		}
	}
}
