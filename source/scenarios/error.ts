/**
 * The one error type scenario loading throws. Every problem names the file and, when it is
 * about the file's content, the line, column and key path, in the `FILE:LINE:COL:` form
 * editors and terminals turn into links.
 */

/** One thing wrong with a scenario file. */
export interface Problem {
	readonly file: string;
	/** 1-based; absent when the problem is with the file itself (missing, a directory). */
	readonly line?: number;
	readonly col?: number;
	/** Key path such as `processes[0].program[2].touch.stride`; absent or empty at top level. */
	readonly path?: string;
	readonly what: string;
}

/** Formats a problem as `FILE:LINE:COL: at PATH: what is wrong`. */
export function formatProblem(problem: Problem): string {
	const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col ?? 1}`;
	return problem.path ? `${where}: at ${problem.path}: ${problem.what}` : `${where}: ${problem.what}`;
}

/** All problems found in one scenario file; the message has one formatted problem per line. */
export class ScenarioError extends Error {
	override readonly name = 'ScenarioError';

	constructor(readonly problems: readonly Problem[]) {
		super(problems.map(formatProblem).join('\n'));
	}
}
