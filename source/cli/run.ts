/** Dispatches checked options to a command; returns the exit code. */
import {runCheck} from '../commands/check-command.ts';
import {runCompare} from '../commands/compare-command.ts';
import {runExplore} from '../commands/explore-command.ts';
import {runExplain} from '../commands/explain-command.ts';
import {runImport} from '../commands/import-command.ts';
import {runMerge} from '../commands/merge-command.ts';
import {runTrace} from '../commands/trace-command.ts';
import {runRecordingCommand} from '../commands/recording-command.ts';
import {runHeadless} from '../commands/run-headless.ts';
import {listScenarios} from '../commands/scenarios.ts';
import {summaryOutput} from '../commands/summary-output.ts';
import {runSweep} from '../commands/sweep-command.ts';
import type {Io} from '../run/io.ts';
import {prepareRun} from '../run/prepare-run.ts';
import type {RunOptions} from '../run/run-options.ts';
import {clearStartingFrame} from './starting-frame.ts';

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
		case 'explore':
			return runExplore(options, io);
		case 'explain':
			return runExplain(options, io);
		case 'import':
			return runImport(options, io);
		case 'trace':
			return runTrace(options, io);
		case 'verify':
		case 'export':
		case 'recover':
			return runRecordingCommand(options, io);
		case 'run': {
			// Ink and React load only here, for the dashboard (a chunk of their own), and the
			// starting frame stays up until they have.
			const dashboard = !options.headless && (options.replay !== undefined || options.record === undefined || options.live);
			const prepared = options.record === undefined && options.replay === undefined ? prepareRun(options) : undefined;
			const {runDashboard} = dashboard ? await import('../commands/dashboard.tsx') : {runDashboard: undefined};
			clearStartingFrame();
			if (prepared === undefined) return runRecordingCommand(options, io);
			if (runDashboard !== undefined) return runDashboard(prepared, io);
			const summary = await runHeadless(prepared);
			io.stdout.write(summaryOutput(prepared, summary, options.json) + '\n');
			return 0;
		}
	}
}
