/**
 * A recording that cannot be written or read: printed as one line naming the file (and the
 * line, when there is one), exit code 1, never a stack trace.
 */
export class RecordError extends Error {
	override readonly name = 'RecordError';
}
