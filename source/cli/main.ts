/**
 * The command line to an exit code: the strict parse, the checked options and the command
 * (help and version, which need none of this, were answered by help-version.ts before).
 */
import type {Io} from '../run/io.ts';
import {UsageError} from '../run/usage-error.ts';
import {ScenarioError} from '../scenarios/index.ts';
import {buildOptions} from './options.ts';
import {parseArgv} from './parse-argv.ts';
import {run} from './run.ts';
import {clearStartingFrame} from './starting-frame.ts';

export async function main(argv: readonly string[], io: Io): Promise<number> {
	try {
		const parsed = parseArgv(argv);
		return await run(buildOptions(parsed.input, parsed.flags, parsed.given), io);
	} catch (error) {
		clearStartingFrame();
		if (error instanceof UsageError || error instanceof ScenarioError) {
			io.stderr.write(`spf-top: ${error.message}\n`);
			return 2;
		}
		io.stderr.write(`spf-top: ${(error as Error).stack ?? String(error)}\n`);
		return 1;
	} finally {
		clearStartingFrame();
	}
}
