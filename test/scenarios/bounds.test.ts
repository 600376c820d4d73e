/**
 * Hostile and mistaken scenario files (issue 10 items 7, 8, 11-13; issue 18 item 11): each is
 * refused quickly with a one-line problem, at FILE:LINE:COL where the file has one.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {checkMachineFits, loadScenarioFile, parseScenario, ScenarioError} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import {Simulator} from '../../source/sim/simulator.ts';

const dir = mkdtempSync(join(tmpdir(), 'spf-top-bounds-'));
after(() => rmSync(dir, {recursive: true, force: true}));

const head = 'name: x\ndescription: a test scenario\n';
const touchHeap = '    mappings: [{name: heap, size: 1MiB}]\n    program: [{touch: {region: heap}}]\n';

/** The problems `parseScenario` reports for `text`, one formatted line each. */
function problems(text: string): string[] {
	try {
		parseScenario(text, 'x.yaml');
	} catch (error) {
		assert.ok(error instanceof ScenarioError, `expected a ScenarioError, got ${String(error)}`);
		return error.message.split('\n');
	}
	return assert.fail('expected the scenario to be rejected');
}

/** Milliseconds `fn` takes. */
function timed(fn: () => void): number {
	const start = performance.now();
	fn();
	return performance.now() - start;
}

test('a count of ten million processes and cpus/0 are refused at their keys', () => {
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    count: 10000000\n${touchHeap}  - name: q\n    count: cpus/0\n${touchHeap}`), [
		'x.yaml:5:12: at processes[0].count: 10000000 is too many processes (at most 1024 in all, one per CPU at most)',
		'x.yaml:9:12: at processes[1].count: count "cpus/0" divides by zero (allowed: a whole number, cpus, cpus-1, cpus+1, cpus*2, cpus/2)',
	]);
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    threads: 5000\n${touchHeap}`), ['x.yaml:5:14: at processes[0].threads: 5000 is too many threads (at most 1024, one per CPU)']);
});

test('a count that only overflows on the machine is refused before anything is built', () => {
	const scenario = parseScenario(`${head}processes:\n  - name: p\n    count: cpus*4\n    threads: 1\n${touchHeap}`, 'x.yaml');
	assert.throws(() => checkMachineFits(scenario, 1024, 'x.yaml'), {message: 'x.yaml:5:12: at processes[0].count: 4096 processes with the ones before: at most 1024 (one per CPU at most)'});
	// resolveMachine guards itself too (a recording's header has no file to point at).
	assert.throws(() => resolveMachine(scenario, {cpus: 1024}), {message: 'scenario "x" has 4096 processes; at most 1024 (one per CPU at most)'});
});

test('more threads than CPUs, and a thread program for a thread that does not exist, carry FILE:LINE:COL', () => {
	const scenario = parseScenario(`${head}cpus: 4\nprocesses:\n  - name: p\n    threads: cpus*2\n${touchHeap}    thread_programs: [{thread: 5, program: [think: 1us]}]\n`, 'x.yaml');
	assert.throws(() => checkMachineFits(scenario, 4, 'x.yaml'), {
		message: 'x.yaml:6:14: at processes[0].threads: scenario "x" needs 8 threads, more than the 4 CPUs available (one thread per CPU); use --cpus or a count like cpus-1',
	});
	const sparse = parseScenario(`${head}processes:\n  - name: p\n    threads: cpus\n${touchHeap}    thread_programs: [{thread: 99, program: [think: 1us]}]\n`, 'x.yaml');
	assert.throws(() => checkMachineFits(sparse, 8, 'x.yaml'), {message: 'x.yaml:8:32: at processes[0].thread_programs[0].thread: thread 99 does not exist on 8 CPUs: the process has 8 thread(s), numbered from 0'});
	assert.doesNotThrow(() => checkMachineFits(sparse, 128, 'x.yaml'));
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    threads: 8\n${touchHeap}    thread_programs: [{thread: 99, program: [think: 1us]}]\n`), [
		'x.yaml:8:32: at processes[0].thread_programs[0].thread: thread 99 does not exist: the process has 8 thread(s), numbered from 0',
	]);
});

test('an alias bomb is refused by the YAML parser\'s alias limit, in well under a second', () => {
	const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
	for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
	const ms = timed(() => assert.deepEqual(problems(levels.join('\n') + '\n'), ['x.yaml: the YAML aliases expand to more than 1000 nodes, the most a scenario file may use (an alias bomb?)']));
	assert.ok(ms < 5000, `took ${ms} ms`);
});

test('a recursive alias is one problem at the alias, not a stack overflow', () => {
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    program: &a [{loop: {body: *a}}]\n`), [
		'x.yaml:5:32: at processes[0].program[0].loop.body: recursive alias *a: it refers to a node that contains it',
	]);
});

test('unknown schemes and break variants in the scheme and expect keys are load errors', () => {
	assert.deepEqual(problems(`${head}scheme: nosuch\nprocesses:\n  - name: p\n${touchHeap}expect:\n  not_speculative: [nosuch]\n  caught: [{scheme: per-vma, break: nosuch}]\n`), [
		'x.yaml:3:9: at scheme: unknown value "nosuch" (allowed: mmap-sem, srcu-2010, refcount-2010, spf-v11, spf-v12, rcu-2021, per-vma)',
		'x.yaml:9:21: at expect.not_speculative[0]: unknown value "nosuch" (allowed: mmap-sem, srcu-2010, refcount-2010, spf-v11, spf-v12, rcu-2021, per-vma)',
		'x.yaml:10:37: at expect.caught[0].break: unknown value "nosuch" (allowed: no-vma-pin)',
	]);
});

test('sockets above the CPU count, an empty program, .inf, .nan and 1e400 are named', () => {
	assert.deepEqual(problems(`${head}sockets: 16\nseed: .inf\nduration: 1e400\ncosts: {pageZeroNs: .nan}\nprocesses:\n  - name: p\n    program: []\n`), [
		'x.yaml:3:10: at sockets: 16 sockets but 8 CPUs: each socket needs at least one CPU (at most 8 sockets)',
		'x.yaml:4:7: at seed: expected a whole number 0 or more, got infinite',
		'x.yaml:5:11: at duration: expected a duration like 20ms, got infinite',
		'x.yaml:6:21: at costs.pageZeroNs: expected a duration like 20ms, got not a number (.nan)',
		'x.yaml:9:14: at processes[0].program: a program needs at least one step',
	]);
});

test('durations and sizes need a unit', () => {
	assert.deepEqual(problems(`${head}duration: 5\nprocesses:\n  - name: p\n    mappings: [{name: heap, size: 4096}]\n    program: [{think: 100}, {touch: {region: heap, stride: "8192"}}]\n`), [
		'x.yaml:3:11: at duration: give a unit: 5ms, 500us, 1s (got 5)',
		'x.yaml:6:35: at processes[0].mappings[0].size: give a unit: 4KiB, 2MiB (got 4096)',
		'x.yaml:7:23: at processes[0].program[0].think: give a unit: 5ms, 500us, 1s (got 100)',
		'x.yaml:7:60: at processes[0].program[1].touch.stride: give a unit: 4KiB, 2MiB (got "8192")',
	]);
});

test('a mapping above 1 TiB is refused; a random touch of 1 TiB starts without a page list', () => {
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    mappings: [{name: heap, size: 2TiB}]\n    program: [{touch: {region: heap}}]\n`), [
		'x.yaml:5:35: at processes[0].mappings[0].size: "2TiB" is larger than 1TiB, the most one mapping may be',
	]);
	const scenario = parseScenario(`${head}processes:\n  - name: p\n    mappings: [{name: heap, size: 1TiB}]\n    program: [{touch: {region: heap, order: random}}]\n`, 'x.yaml');
	const before = process.memoryUsage().arrayBuffers;
	const sim = new Simulator(resolveMachine(scenario));
	const events = sim.advance(20_000);
	assert.ok(events.some(e => e.type === 'fault-end'), 'the touch has started faulting');
	// A list of the 2^28 page indexes would be 1 GiB of typed array.
	const grown = process.memoryUsage().arrayBuffers - before;
	assert.ok(grown < 64 * 1024 * 1024, `array buffers grew by ${grown} bytes`);
});

test('only regular files up to 1 MiB are read: FIFO, device, directory, symlink loop, oversize', () => {
	const fifo = join(dir, 'fifo');
	execFileSync('mkfifo', [fifo]);
	// Opening a FIFO with no writer would block here forever: the type is checked first.
	assert.throws(() => loadScenarioFile(fifo), {message: `${fifo}: is a FIFO, not a regular file; a scenario is read only from a regular file`});
	assert.throws(() => loadScenarioFile('/dev/zero'), {message: '/dev/zero: is a character device, not a regular file; a scenario is read only from a regular file'});
	assert.throws(() => loadScenarioFile(dir), {message: `${dir}: is a directory, not a scenario file`});
	const loop = join(dir, 'loop-a');
	symlinkSync(join(dir, 'loop-b'), loop);
	symlinkSync(loop, join(dir, 'loop-b'));
	assert.throws(() => loadScenarioFile(loop), {message: `${loop}: symlink loop: the path resolves through too many symbolic links`});
	const big = join(dir, 'big.yaml');
	writeFileSync(big, `${head}processes:\n  - name: p\n    mappings:\n${'      - {name: m, size: 4KiB}\n'.repeat(40_000)}    program: [think: 1us]\n`);
	const ms = timed(() => assert.throws(() => loadScenarioFile(big), {message: `${big}: is larger than 1 MiB, the most a scenario file may be`}));
	assert.ok(ms < 1000, `took ${ms} ms`);
});
