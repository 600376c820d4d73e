/** Dispatches checked options to a command; returns the exit code. */
import {runCheck} from '../commands/check-command.ts';
import {runCompare} from '../commands/compare-command.ts';
import {runDashboard} from '../commands/dashboard.tsx';
import {runMerge} from '../commands/merge-command.ts';
import {formatSummary} from '../commands/format-summary.ts';
import {prepareRun} from '../commands/prepare-run.ts';
import {runHeadless} from '../commands/run-headless.ts';
import {runRecordingCommand} from '../commands/recording-command.ts';
import {listScenarios} from '../commands/scenarios.ts';
import {runSweep} from '../commands/sweep-command.ts';
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
		case 'compare':
			return runCompare(options, io);
		case 'check':
			return runCheck(options, io);
		case 'sweep':
			return runSweep(options, io);
		case 'merge':
			return runMerge(options, io);
		case 'verify':
		case 'export':
		case 'recover':
			return runRecordingCommand(options, io);
		case 'run': {
			if (options.record !== undefined || options.replay !== undefined) return runRecordingCommand(options, io);
			const prepared = prepareRun(options);
			if (!options.headless) return runDashboard(prepared, io);
			const summary = await runHeadless(prepared);
			io.stdout.write(options.json ? JSON.stringify({scenario: prepared.scenario.name, scheme: prepared.machine.scheme, breakVariant: prepared.machine.breakVariant, seed: prepared.machine.seed, sockets: prepared.machine.sockets, ...summary}) + '\n' : formatSummary(prepared, summary) + '\n');
			return 0;
		}
	}
}
