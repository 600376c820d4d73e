/**
 * `spf-top trace [-o FILE] -- CMD [ARGS...]`: runs CMD under `perf record` with the fault,
 * mapping and mmap_lock tracepoints, then writes `perf script` text `import` reads, headed by
 * what was captured and CMD's /proc/PID/maps right after its exec. perf never outlives it:
 * Ctrl-C stops perf (which stops CMD) and the capture so far is still written.
 */
import {spawn} from 'node:child_process';
import {createWriteStream, mkdtempSync, rmSync} from 'node:fs';
import {cpus, release, tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import type {RunOptions} from '../run/run-options.ts';
import type {Io} from '../run/io.ts';
import {type ExecMaps, mapsAfterExec, mapsHeader} from '../trace/maps-at-exec.ts';
import {scriptArgs, traceEvents} from '../trace/perf-events.ts';
import {missingPrerequisites} from '../trace/prerequisites.ts';

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function runTrace(options: RunOptions, io: Io): Promise<number> {
	const command = options.capture!;
	const problems = missingPrerequisites();
	if (problems.length > 0) {
		io.stderr.write(`spf-top trace: cannot capture:\n${problems.map(p => `  - ${p}`).join('\n')}\n`);
		return 1;
	}
	const output = options.traceOutput ?? `${basename(command[0]!)}.trace.txt`;
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-trace-'));
	const data = join(dir, 'perf.data');
	try {
		const captured = new Date().toISOString();
		// -d: perf's own records of every mapping, so the ones made at exec are known too.
		let recording = true;
		let execMaps: Promise<ExecMaps | null> = Promise.resolve(null);
		const record = await runPerf(['record', '-q', '-d', ...traceEvents.flatMap(e => ['-e', e]), '-o', data, '--', ...command], 'inherit', pid => {
			execMaps = mapsAfterExec(pid, () => !recording);
		});
		recording = false;
		const maps = await execMaps;
		if (record.code !== 0 && record.signal === null && !record.stopped) {
			io.stderr.write(`spf-top trace: perf record exited with ${record.code}\n`);
			return 1;
		}
		const header = [`# spf-top-trace: 1`, `# command: ${command.join(' ')}`, `# captured: ${captured}`, `# kernel: ${release()}`, `# cpus: ${cpus().length}`, ...(maps ? mapsHeader(maps) : ['# maps: not read (the program ended first)']), ''].join('\n');
		const out = createWriteStream(output);
		out.write(header);
		const script = await runPerf(['script', ...scriptArgs, '-i', data], out);
		await new Promise<void>(resolve => out.end(resolve));
		if (script.code !== 0) {
			io.stderr.write(`spf-top trace: perf script exited with ${script.code}\n`);
			return 1;
		}
		// On stderr: the program's own output may be on stdout.
		io.stderr.write(`Captured ${command.join(' ')}${record.stopped ? ' (stopped early)' : ''} → ${output}\nNext: spf-top import ${output}\n`);
		return record.stopped ? 130 : 0;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

interface PerfExit {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	/** A stop signal reached us while perf ran. */
	readonly stopped: boolean;
}

// While perf runs, a stop signal is passed on to it instead of killing us: perf stops the
// workload, writes what it has, and exits; only then do we go on.
function runPerf(args: readonly string[], stdout: 'inherit' | NodeJS.WritableStream, onStart?: (pid: number) => void): Promise<PerfExit> {
	return new Promise((resolve, reject) => {
		const child = spawn('perf', args, {stdio: ['inherit', stdout === 'inherit' ? 'inherit' : 'pipe', 'inherit']});
		if (child.pid !== undefined) onStart?.(child.pid);
		if (stdout !== 'inherit') child.stdout!.pipe(stdout, {end: false});
		let stopped = false;
		const forward = (signal: NodeJS.Signals): void => {
			stopped = true;
			child.kill(signal);
		};
		for (const signal of stopSignals) process.on(signal, forward);
		const done = (): void => {
			for (const signal of stopSignals) process.off(signal, forward);
		};
		child.on('error', error => {
			done();
			reject(error);
		});
		child.on('close', (code, signal) => {
			done();
			resolve({code, signal, stopped});
		});
	});
}
