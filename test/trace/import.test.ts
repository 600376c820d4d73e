/** Importing real perf traces (captured on this project's test machine): scenario, figures, errors. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {parseScenario} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import {schemeIds} from '../../source/sim/schemes/index.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {importTrace} from '../../source/trace/import-trace.ts';
import {TraceError} from '../../source/trace/trace-error.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const all = {fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: 100_000};

test('the -F layout of `spf-top trace`: one process, its three threads, real figures', async () => {
	const imported = await importTrace(join(fixtures, 'tiny.trace.txt'), all);
	const {figures} = imported;
	assert.equal(imported.kernel, '6.18.44-fc-v1252');
	assert.equal(figures.faults, 564);
	// tiny.c: two threads each write 256 pages of their own mmap, then munmap it.
	assert.deepEqual(figures.threads.map(t => t.faults).sort((a, b) => a - b), [49, 257, 258]);
	assert.deepEqual(figures.calls, {mmap: 12, munmap: 3, mprotect: 7, madvise: 4, brk: 3});
	assert.equal(figures.lock.acquisitions, 54);
	const scenario = parseScenario(imported.text, 'tiny.yaml');
	// The recording machine's two CPUs; perf saw all three threads on CPU 0, so they share it.
	assert.equal(scenario.cpus, 2);
	assert.equal(scenario.processes.length, 1);
	assert.deepEqual(scenario.processes[0]!.threadPrograms.map(t => t.cpu), [0, 0, 0]);
	const programs = scenario.processes[0]!.threadPrograms.map(t => t.program);
	const written = programs.flatMap(program => {
		const arena = program.find(s => s.op === 'mmap' && s.size === 256 * 4096);
		if (arena?.op !== 'mmap') return [];
		return [program.reduce((n, s) => n + (s.op === 'faults' && s.region === arena.name ? s.runs.reduce((m, r) => m + (r.write ? r.count : 0), 0) : 0), 0)];
	});
	assert.deepEqual(written, [256, 256], 'each worker maps 1 MiB and writes all 256 pages of it');
});

test('the imported scenario runs under every scheme with no violation, faulting as often as the real run', async () => {
	const {text} = await importTrace(join(fixtures, 'tiny.trace.txt'), all);
	const scenario = parseScenario(text, 'tiny.yaml');
	for (const scheme of schemeIds) {
		const sim = new Simulator(resolveMachine(scenario, {scheme}));
		let faults = 0;
		let violations = 0;
		while (sim.now < scenario.durationNs) {
			for (const e of sim.advance(scenario.durationNs, 50_000)) {
				if (e.type === 'fault-end') faults++;
				if (e.type === 'violation') violations++;
			}
		}
		assert.equal(violations, 0, scheme);
		// Real faults on pages the replay maps anew (the exec'd image faults once in both).
		assert.ok(faults >= 520 && faults <= 564, `${scheme}: ${faults} faults`);
	}
});

test('threads are pinned to the CPU the trace shows them on most, folded onto --cpus when it is fewer', async () => {
	const trace = join(import.meta.dirname, '..', '..', 'scenarios', 'real', 'xz.trace.txt.gz');
	const pins = (text: string): (number | undefined)[] => parseScenario(text, 'xz.yaml').processes[0]!.threadPrograms.map(t => t.cpu);
	// xz -T2: the main thread and one compressor ran on CPU 0, the other compressor on CPU 1.
	const own = await importTrace(trace, all);
	assert.equal(own.cpus, 2);
	assert.deepEqual(pins(own.text), [0, 0, 1]);
	const folded = await importTrace(trace, {...all, cpus: 1});
	assert.equal(folded.cpus, 1);
	assert.deepEqual(pins(folded.text), [0, 0, 0]);
	assert.match(folded.text, /3 real thread\(s\) on 1 simulated CPU\(s\), each pinned to the CPU the trace shows it on most \(of 2, folded: CPU mod 1\)/);
	// Three threads on one CPU: the machine is built, and runs, without a CPU per thread.
	const sim = new Simulator(resolveMachine(parseScenario(folded.text, 'xz.yaml')));
	assert.ok(sim.advance(20e6).some(e => e.type === 'fault-end'));
});

test('the default layout (tid only), a cut last line, a window and --max-events', async () => {
	const imported = await importTrace(join(fixtures, 'xz-default-cut.txt'), all);
	assert.equal(imported.stats.cutLine, 601);
	assert.equal(imported.figures.faults, 268);
	assert.equal(parseScenario(imported.text, 'xz.yaml').processes.length, 1);
	const capped = await importTrace(join(fixtures, 'xz-default-cut.txt'), {...all, maxEvents: 50});
	assert.match(capped.text, /ended early by --max-events 50/);
	assert.ok(capped.figures.faults < 50);
	const early = await importTrace(join(fixtures, 'xz-default-cut.txt'), {...all, toNs: 6e6});
	const late = await importTrace(join(fixtures, 'xz-default-cut.txt'), {...all, fromNs: 6e6});
	assert.equal(early.figures.faults, 13);
	assert.equal(late.figures.faults, 268 - 13);
});

test('unknown events are counted, a malformed known one is an error with its line, perf.data is named', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-import-'));
	try {
		const line = (event: string, body: string): string => `  a  7/7  [000] 1.000001000: ${event}: ${body}\n`;
		const good = line('exceptions:page_fault_user', 'address=0x1000 ip=0x1 error_code=0x6');
		writeFileSync(join(dir, 'u.txt'), good + line('irq:softirq_entry', 'vec=1') + good);
		const imported = await importTrace(join(dir, 'u.txt'), all);
		assert.deepEqual([...imported.stats.unknown], [['irq:softirq_entry', 1]]);
		writeFileSync(join(dir, 'bad.txt'), good + line('exceptions:page_fault_user', 'address=zz ip=0x1 error_code=0x6') + good);
		await assert.rejects(importTrace(join(dir, 'bad.txt'), all), (e: Error) => e instanceof TraceError && /bad\.txt:2: exceptions:page_fault_user: "address" is zz, not a number/.test(e.message));
		writeFileSync(join(dir, 'perf.data'), 'PERFILE2 binary');
		await assert.rejects(importTrace(join(dir, 'perf.data'), all), /is a perf\.data file; import reads text: perf script/);
		writeFileSync(join(dir, 'notes.txt'), 'hello\nworld\n');
		await assert.rejects(importTrace(join(dir, 'notes.txt'), all), /no perf script event line in 2 lines/);
	} finally {
		rmSync(dir, {recursive: true});
	}
});

test('a trace path that is missing, a directory, a FIFO or a device: one line and exit 2, never a stack or a hang', () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-import-'));
	const cli = join(import.meta.dirname, '../../dist/cli.js');
	try {
		const fifo = join(dir, 'fifo');
		spawnSync('mkfifo', [fifo]);
		for (const [path, reason] of [[join(dir, 'none.txt'), 'no such file'], [dir, 'it is a directory'], [fifo, 'not a regular file'], ['/dev/null', 'not a regular file']] as const) {
			for (const args of [['import', path], ['compare', 'pft', '--duration', '1ms', '--real', path]]) {
				const run = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', timeout: 60_000});
				assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
				assert.match(run.stderr, new RegExp(`^spf-top (import|compare: --real): cannot read ${path.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${reason}\n$`));
			}
		}
	} finally {
		rmSync(dir, {recursive: true});
	}
});
