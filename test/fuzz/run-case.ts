/**
 * Runs one fuzz case against the built CLI (`node dist/cli.js`) under a time and a memory
 * bound and says what went wrong, if anything: the outcomes issue 10 counts.
 */
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, lstatSync, readFileSync, readdirSync, type Stats} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type Outcome = 'clean' | 'stack' | 'wrong exit' | 'hang' | 'data lost' | '>1GB';
/** Table order; a case counts once, under the first of these it shows. */
export const failures: readonly Outcome[] = ['>1GB', 'hang', 'data lost', 'stack', 'wrong exit'];

export interface Prepared {
	/** Arguments after `node dist/cli.js` (or to `sh`, with `shell`). */
	readonly args: readonly string[];
	readonly shell?: boolean;
	/** Exit codes the documented rules allow; a signal case also allows death by its signal. */
	readonly codes: readonly number[];
	/** Files that must be the same afterwards whatever happens (the inputs). */
	readonly inputs?: readonly string[];
	/** Files that existed before and must be the same afterwards unless the command exited 0. */
	readonly outputs?: readonly string[];
	/** Send this signal once `signalWhen` says so; the process must then die by it. */
	readonly signal?: NodeJS.Signals;
	/** Wait for a file in this directory whose name contains `partial`, else `signalDelayMs`. */
	readonly signalWhenPartialIn?: string;
	readonly signalDelayMs?: number;
	/** Close our end of stdout after this many bytes (a `| head -c N`). */
	readonly stdoutCloseAfter?: number;
	/** stdout must match (for --help, --version). */
	readonly stdoutMatch?: RegExp;
	/** A check after the run: a description of lost or corrupt data, or null. */
	readonly after?: (code: number | null) => Promise<string | null> | string | null;
	/** Undo anything the preparation did outside its directory (a tmpfs mount). */
	readonly cleanup?: () => void;
}

export interface Bounds {
	/** Wall time before the case counts as a hang. @default 20 s */
	readonly timeoutMs?: number;
	/** Resident set size before it counts as over the memory bound. @default 1 GiB */
	readonly rssBytes?: number;
}

export interface Result {
	readonly outcome: Outcome;
	readonly detail: string;
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly ms: number;
	readonly peakRss: number;
	readonly stderr: string;
}

/** A stack frame as Node prints them. */
export const stackFrame = /\n\s+at .+:\d+:\d+/;
const oom = /heap out of memory|Reached heap limit|Allocation failed/;

interface Snapshot {
	readonly kind: string;
	readonly ino: number;
	readonly hash: string;
}

function snapshot(path: string): Snapshot | null {
	let stat: Stats;
	try {
		stat = lstatSync(path);
	} catch {
		return null;
	}
	const kind = stat.isFile() ? 'file' : stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'directory' : stat.isFIFO() ? 'fifo' : 'other';
	const hash = kind === 'file' ? createHash('sha1').update(readFileSync(path)).digest('hex') : kind === 'directory' ? readdirSync(path).sort().join('/') : '';
	return {kind, ino: stat.ino, hash};
}

function changed(before: Snapshot | null, path: string): string | null {
	const now = snapshot(path);
	if (before === null) return null;
	if (now === null) return `${path} was removed`;
	if (now.kind !== before.kind) return `${path} went from ${before.kind} to ${now.kind}`;
	if (now.hash !== before.hash) return `${path} was changed`;
	return null;
}

function rssOf(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
		return kb === undefined ? 0 : Number(kb) * 1024;
	} catch {
		return 0;
	}
}

export async function runCase(prepared: Prepared, cwd: string, bounds: Bounds = {}): Promise<Result> {
	const timeoutMs = bounds.timeoutMs ?? 20_000;
	const rssBytes = bounds.rssBytes ?? 1024 ** 3;
	const guarded = [...(prepared.inputs ?? []), ...(prepared.outputs ?? [])].map(path => [path, snapshot(path)] as const);
	const env: NodeJS.ProcessEnv = {...process.env, NODE_ENV: 'production', NO_COLOR: '1'};
	delete env['CI'];
	delete env['FORCE_COLOR'];
	const started = Date.now();
	// The heap limit turns a runaway heap into a quick crash (counted as >1GB) before RSS polling sees it.
	const [command, args] = prepared.shell ? ['/bin/sh', prepared.args] : [process.execPath, ['--max-old-space-size=1100', cliPath, ...prepared.args]];
	const child = spawn(command, args, {cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stdoutBytes = 0;
	let stderr = '';
	let peakRss = 0;
	let over = false;
	let hung = false;
	let signalled = false;
	child.stderr.on('data', (chunk: Buffer) => {
		if (stderr.length < 100_000) stderr += chunk.toString();
	});
	child.stdout.on('data', (chunk: Buffer) => {
		stdoutBytes += chunk.length;
		if (stdout.length < 100_000) stdout += chunk.toString();
		if (prepared.stdoutCloseAfter !== undefined && stdoutBytes >= prepared.stdoutCloseAfter) child.stdout.destroy();
	});
	const killGroup = (): void => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// already gone
		}
	};
	const exited = new Promise<[number | null, NodeJS.Signals | null]>(resolve => child.on('exit', (code, signal) => resolve([code, signal])));
	let done = false;
	void exited.then(() => {
		done = true;
	});
	const poll = setInterval(() => {
		const rss = rssOf(child.pid!);
		peakRss = Math.max(peakRss, rss);
		if (rss > rssBytes) {
			over = true;
			killGroup();
		}
		if (Date.now() - started > timeoutMs) {
			hung = true;
			killGroup();
		}
	}, 50);
	if (prepared.signal !== undefined) {
		void (async () => {
			const deadline = started + (prepared.signalWhenPartialIn === undefined ? (prepared.signalDelayMs ?? 500) : timeoutMs / 2);
			while (!done && Date.now() < deadline) {
				if (prepared.signalWhenPartialIn !== undefined && readdirSync(prepared.signalWhenPartialIn).some(name => name.includes('partial'))) break;
				await new Promise(resolve => setTimeout(resolve, 20));
			}
			if (done) return;
			signalled = true;
			process.kill(child.pid!, prepared.signal!);
		})();
	}
	const [code, signal] = await exited;
	clearInterval(poll);
	killGroup();
	const ms = Date.now() - started;
	const result = (outcome: Outcome, detail: string): Result => ({outcome, detail, code, signal, ms, peakRss, stderr});
	try {
		if (over || oom.test(stderr)) return result('>1GB', `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB${oom.test(stderr) ? ', heap exhausted' : ''}`);
		if (hung) return result('hang', `still running after ${timeoutMs / 1000} s`);
		const lost: string[] = [];
		for (const [path, before] of guarded) {
			const isInput = prepared.inputs?.includes(path) ?? false;
			if (!isInput && code === 0) continue;
			const problem = changed(before, path);
			if (problem !== null) lost.push(problem);
		}
		const afterProblem = await prepared.after?.(code);
		if (afterProblem) lost.push(afterProblem);
		if (lost.length > 0) return result('data lost', lost.join('; '));
		if (stackFrame.test(stderr) || stackFrame.test(stdout)) return result('stack', firstLines(stderr));
		const byItsSignal = signalled && signal === prepared.signal;
		if (!byItsSignal) {
			if (signalled) return result('wrong exit', `expected death by ${prepared.signal}, got ${code === null ? signal : `exit ${code}`}: ${firstLines(stderr)}`);
			const pipeClosed = prepared.stdoutCloseAfter !== undefined && signal === 'SIGPIPE';
			if (!pipeClosed && (code === null || !prepared.codes.includes(code))) return result('wrong exit', `expected exit ${prepared.codes.join(' or ')}, got ${code === null ? signal : code}: ${firstLines(stderr)}`);
		}
		if (prepared.stdoutMatch && code === 0 && !prepared.stdoutMatch.test(stdout)) return result('wrong exit', `stdout does not match ${prepared.stdoutMatch}: ${firstLines(stdout)}`);
		return result('clean', '');
	} finally {
		prepared.cleanup?.();
	}
}

function firstLines(text: string): string {
	return text.trim().split('\n').slice(0, 2).join(' / ').slice(0, 200);
}

/** Whether a file that exists parses as JSON; for outputs a signal must not leave half-written. */
export async function jsonIfExists(path: string): Promise<string | null> {
	if (!existsSync(path)) return null;
	try {
		JSON.parse(await readFile(path, 'utf8'));
		return null;
	} catch {
		return `${path} left behind, not valid JSON`;
	}
}
