/** Dispatches checked options to a command; returns the exit code. */
import {runHeadless} from '../commands/run-headless.ts';
import {summaryOutput} from '../commands/summary-output.ts';
import type {Io} from '../run/io.ts';
import {prepareRun} from '../run/prepare-run.ts';
import type {RunOptions} from '../run/run-options.ts';
import {clearStartingFrame} from './starting-frame.ts';

/** A recording's commands and `--record`/`--replay` runs: the recorder's chunk loads only for them. */
async function runRecordingCommand(options: RunOptions, io: Io): Promise<number> {
	return (await import('../commands/recording-command.ts')).runRecordingCommand(options, io);
}

export async function run(options: RunOptions, io: Io): Promise<number> {
	switch (options.command) {
		case 'scenarios':
			io.stdout.write((await import('../commands/scenarios.ts')).listScenarios() + '\n');
			return 0;
		case 'compare':
			return (await import('../commands/compare-command.ts')).runCompare(options, io);
		case 'check':
			return (await import('../commands/check-command.ts')).runCheck(options, io);
		case 'sweep':
			return (await import('../commands/sweep-command.ts')).runSweep(options, io);
		case 'merge':
			return (await import('../commands/merge-command.ts')).runMerge(options, io);
		case 'explore':
			return (await import('../commands/explore-command.ts')).runExplore(options, io);
		case 'explain':
			return (await import('../commands/explain-command.ts')).runExplain(options, io);
		case 'import':
			return (await import('../commands/import-command.ts')).runImport(options, io);
		case 'trace':
			return (await import('../commands/trace-command.ts')).runTrace(options, io);
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
