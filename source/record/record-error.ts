/**
 * A recording that cannot be written or read: printed as one line naming the file (and the
 * line, when there is one), never a stack trace. The exit code says which: 1 the file is
 * damaged or could not be written, 2 a path the user named cannot be used at all (missing,
 * a directory, not a regular file, the command's own input), 3 the file is truncated.
 */
export type RecordExitCode = 1 | 2 | 3;

export class RecordError extends Error {
	override readonly name = 'RecordError';
	readonly exitCode: RecordExitCode;

	constructor(message: string, exitCode: RecordExitCode = 1) {
		super(message);
		this.exitCode = exitCode;
	}

	/** The same error with `prefix` before its message (a file name, a line number). */
	prefixed(prefix: string): RecordError {
		return new RecordError(`${prefix}${this.message}`, this.exitCode);
	}
}
