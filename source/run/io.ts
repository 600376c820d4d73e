/** The streams a command talks to: the process's in tests and at the terminal alike. */
export interface Io {
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
}
