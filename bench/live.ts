/**
 * The dashboard as a person runs it, in a real terminal (tmux): CPU share of its main thread
 * and of the whole process over 10 s at 64 CPUs (from /proc, as the OS counts it) and the
 * frames it wrote in those 10 s (from its raw output, through `tmux pipe-pane`), wall time
 * from launch to the
 * first frame, and the RSS of a 60 s live run at 256 CPUs (recording, when `record`) at 10 s
 * and at 60 s, beside the peak RSS of a headless run of the same simulated length.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {measure, type Measured} from './stats.ts';

const cli = resolve('dist/cli.js');
const ticksPerSecond = 100;

export interface LiveFigures {
	readonly cpuShare: number;
	/** The main thread's share alone (it runs the simulator and the UI; V8's helper threads are the rest). */
	readonly uiThreadShare: number;
	/** Frames written per second over the same 10 s. */
	readonly framesPerSec: number;
	readonly firstFrameMs: Measured;
	readonly rssMb: {readonly at10s: number; readonly at60s: number; readonly peak: number; readonly recording: boolean};
	readonly headlessPeakMb: number;
}

class Pane {
	readonly name = `spf-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	readonly started = performance.now();

	constructor(args: string, columns = 160, rows = 48) {
		execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), `exec env -u CI ${process.execPath} ${cli} ${args}`]);
	}

	get pid(): number {
		return Number(execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_pid}'], {encoding: 'utf8'}).trim());
	}

	screen(): string {
		return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], {encoding: 'utf8'});
	}

	/** Appends everything the program writes from now on to `file`, escapes included. */
	pipeTo(file: string): void {
		execFileSync('tmux', ['pipe-pane', '-o', '-t', this.name, `cat >> ${file}`]);
	}

	keys(...keys: string[]): void {
		spawnSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	kill(): void {
		spawnSync('tmux', ['kill-session', '-t', this.name]);
	}
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Ink starts every frame with the synchronized-update mark (DEC mode 2026). */
const frameStart = '\u001B[?2026h';

function countFrames(file: string): number {
	return readFileSync(file, 'latin1').split(frameStart).length - 1;
}

function fileSize(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}

/** utime + stime of a process (all its threads), or of its main thread, seconds. */
function cpuSeconds(pid: number, mainThread = false): number {
	const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function status(pid: number, key: 'VmRSS' | 'VmHWM'): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find(l => l.startsWith(key + ':'))!;
	return Number(line.split(/\s+/)[1]) / 1024;
}

async function firstFrame(): Promise<number> {
	const pane = new Pane('--cpus 8', 120, 40);
	try {
		for (;;) {
			if (/ Events /.test(pane.screen())) return performance.now() - pane.started;
			if (performance.now() - pane.started > 10_000) throw new Error('no first frame within 10 s');
			await sleep(5);
		}
	} finally {
		pane.kill();
	}
}

export async function liveBench(quick = false, record = true): Promise<LiveFigures> {
	const frames: number[] = [];
	for (let i = 0; i < (quick ? 2 : 5); i++) frames.push(await firstFrame());
	let f = 0;
	const firstFrameMs = measure(frames.length, () => frames[f++]!);

	const share = new Pane('--cpus 64');
	const output = join(tmpdir(), `spf-top-bench-${process.pid}.out`);
	let cpuShare: number;
	let uiThreadShare: number;
	let framesPerSec: number;
	try {
		await sleep(1500);
		share.pipeTo(output);
		// pipe-pane starts its shell asynchronously: count from the first byte it captured.
		while (fileSize(output) === 0) await sleep(5);
		const before = cpuSeconds(share.pid);
		const beforeUi = cpuSeconds(share.pid, true);
		await sleep(10_000);
		cpuShare = (cpuSeconds(share.pid) - before) / 10;
		uiThreadShare = (cpuSeconds(share.pid, true) - beforeUi) / 10;
		framesPerSec = countFrames(output) / 10;
	} finally {
		share.keys('q');
		await sleep(300);
		share.kill();
		rmSync(output, {force: true});
	}

	const file = join(tmpdir(), `spf-top-bench-${process.pid}.ndjson`);
	const seconds = quick ? 20 : 60;
	const long = new Pane(`--cpus 256${record ? ` --live --record ${file}` : ''}`);
	let at10s: number;
	let atEnd: number;
	let peak: number;
	try {
		await sleep(10_000);
		at10s = status(long.pid, 'VmRSS');
		await sleep((seconds - 10) * 1000);
		atEnd = status(long.pid, 'VmRSS');
		peak = status(long.pid, 'VmHWM');
	} finally {
		long.keys('q');
		await sleep(1000);
		long.kill();
		rmSync(file, {force: true});
	}

	// The headless run of the same simulated span (the dashboard runs 1 ms of simulated time a second).
	const headless = spawnSync('/usr/bin/env', ['bash', '-c', `${process.execPath} ${cli} --cpus 256 --duration ${seconds}ms --headless > /dev/null & pid=$!; peak=0; while kill -0 $pid 2>/dev/null; do v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null); [ -n "$v" ] && peak=$v; sleep 0.05; done; echo $peak`], {encoding: 'utf8'});
	return {cpuShare, uiThreadShare, framesPerSec, firstFrameMs, rssMb: {at10s, at60s: atEnd, peak, recording: record}, headlessPeakMb: Number(headless.stdout.trim()) / 1024};
}

export function formatLive(f: LiveFigures, quick = false): string {
	return [
		`dashboard in tmux at 64 CPUs, over 10 s: ${f.framesPerSec.toFixed(1)} frames/s; ${(f.uiThreadShare * 100).toFixed(0)}% of a core on its main thread (simulator and UI), ${(f.cpuShare * 100).toFixed(0)}% with V8's helper threads · first frame ${f.firstFrameMs.median.toFixed(0)} ms after launch (±${((f.firstFrameMs.spread * 100) / 2).toFixed(0)}%)`,
		`memory, live at 256 CPUs${f.rssMb.recording ? ' recording' : ''}: RSS ${f.rssMb.at10s.toFixed(0)} MB at 10 s, ${f.rssMb.at60s.toFixed(0)} MB at ${quick ? 20 : 60} s, peak ${f.rssMb.peak.toFixed(0)} MB · headless run of the same span: peak ${f.headlessPeakMb.toFixed(0)} MB`,
	].join('\n');
}
