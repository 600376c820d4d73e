/**
 * Hostile CLI cases for issue 10, as fast-check arbitraries (so the bench samples them by
 * seed and the test shrinks them): scenario files, flags, recordings, output paths and
 * signals. Each case writes what it needs into its own directory and says which exit codes
 * the documented rules allow (COMMON rules: 0 ok; 1 the run failed or a recording is corrupt;
 * 2 usage or a bad file named on the line; 3 `verify` of a truncated recording).
 */
import {execFileSync, spawn} from 'node:child_process';
import {closeSync, constants, createReadStream, linkSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {constants as zlibConstants, gunzipSync} from 'node:zlib';
import fc from 'fast-check';
import {cliPath, jsonIfExists, type Prepared} from './run-case.ts';
import {paramNames} from '../../source/sim/params.ts';

export const categories = ['scenario', 'flags', 'recording', 'output', 'signal'] as const;
export type Category = (typeof categories)[number];

/** Recordings made once per run, shared read-only by every case (each case copies what it edits). */
export interface Fixtures {
	/** `default`, 2 CPUs, 200 µs: small enough to cut at every offset. */
	readonly small: string;
	/** The same, gzipped. */
	readonly smallGz: string;
	/** `pft`, 8 CPUs, 20 ms: big enough that an export or verify is still running when a signal lands. */
	readonly big: string;
}

export interface FuzzCase {
	readonly category: Category;
	readonly label: string;
	prepare(dir: string, fixtures: Fixtures): Prepared;
	toString(): string;
}

const make = (category: Category, label: string, prepare: FuzzCase['prepare']): FuzzCase => ({category, label, prepare, toString: () => `${category}: ${label}`});

export function makeFixtures(dir: string): Fixtures {
	mkdirSync(dir, {recursive: true});
	const run = (...args: string[]): void => {
		execFileSync(process.execPath, [cliPath, ...args], {cwd: dir, stdio: 'ignore'});
	};
	run('default', '--cpus', '2', '--duration', '200us', '--record', 'small.ndjson');
	run('default', '--cpus', '2', '--duration', '200us', '--record', 'small.ndjson.gz');
	run('pft', '--cpus', '8', '--duration', '20ms', '--record', 'big.ndjson');
	return {small: join(dir, 'small.ndjson'), smallGz: join(dir, 'small.ndjson.gz'), big: join(dir, 'big.ndjson')};
}

// ---------------------------------------------------------------- scenario files

const validScenario = `name: fz
description: a small valid scenario the fuzzer mutates
cpus: 2
duration: 200us
processes:
  - name: p
    threads: 2
    mappings:
      - {name: heap, size: 1MiB}
    program:
      - loop:
          body:
            - touch: {region: heap, slice: true}
            - think: 1us
            - madvise: {region: heap, slice: true}
`;

/** The scenario with one top-level or process line replaced. */
const withLine = (from: string, to: string): string => {
	if (!validScenario.includes(from)) throw new Error(`no ${from}`);
	return validScenario.replace(from, to);
};

const aliasBomb = (width: number, depth: number): string => {
	let text = 'a0: &a0 [x]\n';
	for (let level = 1; level <= depth; level++) text += `a${level}: &a${level} [${Array.from({length: width}, () => `*a${level - 1}`).join(', ')}]\n`;
	return `${text}${validScenario}`;
};

const manyMappings = (count: number): string => {
	const lines = Array.from({length: count}, (_, i) => `      - {name: m${i}, size: 4KiB}`);
	return validScenario.replace('      - {name: heap, size: 1MiB}', `      - {name: heap, size: 1MiB}\n${lines.join('\n')}`);
};

/** Bad values: every one is an error in the file the user named (exit 2). */
const badValues: readonly [string, string][] = [
	['cpus 0', withLine('cpus: 2', 'cpus: 0')],
	['cpus 2000', withLine('cpus: 2', 'cpus: 2000')],
	['cpus -1', withLine('cpus: 2', 'cpus: -1')],
	['cpus .inf', withLine('cpus: 2', 'cpus: .inf')],
	['cpus .nan', withLine('cpus: 2', 'cpus: .nan')],
	['cpus 1e400', withLine('cpus: 2', 'cpus: 1e400')],
	['scheme nosuch', `scheme: nosuch\n${validScenario}`],
	['sockets 16 of 2 cpus', `sockets: 16\n${validScenario}`],
	['program []', withLine('    program:\n      - loop:\n          body:\n            - touch: {region: heap, slice: true}\n            - think: 1us\n            - madvise: {region: heap, slice: true}\n', '    program: []\n')],
	['thread_programs thread 99', `${validScenario}    thread_programs:\n      - {thread: 99, program: [{think: 1us}]}\n`],
	['expect.not_speculative nosuch', `${validScenario}expect:\n  not_speculative: [nosuch]\n`],
	['expect.speculative nosuch', `${validScenario}expect:\n  speculative: [nosuch]\n`],
	['prot wx', withLine('{name: heap, size: 1MiB}', '{name: heap, size: 1MiB, prot: wx}')],
	['size 3KiB', withLine('size: 1MiB', 'size: 3KiB')],
	['size 0B', withLine('size: 1MiB', 'size: 0B')],
	['size -4KiB', withLine('size: 1MiB', 'size: -4KiB')],
	['seed -1', `seed: -1\n${validScenario}`],
	['seed 1.5', `seed: 1.5\n${validScenario}`],
	['region nosuch', withLine('touch: {region: heap, slice: true}', 'touch: {region: nosuch, slice: true}')],
	['loop times 0', withLine('      - loop:\n', '      - loop:\n          times: 0\n')],
	['self-recursive alias', withLine('    program:\n', '    program: &a [{loop: {body: *a}}]\n    x_program:\n')],
	['recursive alias only', validScenario.replace(/ {4}program:\n[\s\S]*$/, '    program: &a [{loop: {body: *a}}]\n')],
	['threads exceed cpus', withLine('threads: 2', 'threads: 3')],
	['unknown key', `colour: blue\n${validScenario}`],
	['unknown step', withLine('think: 1us', 'sleep: 1us')],
	['duration 0ms', withLine('duration: 200us', 'duration: 0ms')],
	['think 0ns', withLine('think: 1us', 'think: 0ns')],
	['control characters in name', withLine('name: fz', 'name: "\\e[2J\\e[31mred"')],
	['unknown cost name', `costs: {nosuchNs: 5us}\n${validScenario}`],
	['permille 2000', `costs: {jitterPermille: 2000}\n${validScenario}`],
	['missing description', validScenario.replace(/^description:.*\n/m, '')],
	['missing processes', validScenario.replace(/processes:[\s\S]*$/, '')],
	['duplicate process names', validScenario.replace('processes:\n', 'processes:\n  - {name: p, program: [{think: 1us}]}\n')],
];

const oddTypes: readonly [string, string][] = [
	['cpus a list', withLine('cpus: 2', 'cpus: [2]')],
	['cpus a map', withLine('cpus: 2', 'cpus: {n: 2}')],
	['cpus true', withLine('cpus: 2', 'cpus: true')],
	['cpus null', withLine('cpus: 2', 'cpus: ~')],
	['duration a list', withLine('duration: 200us', 'duration: [200us]')],
	['processes a string', validScenario.replace(/processes:[\s\S]*$/, 'processes: many\n')],
	['processes a map', validScenario.replace(/processes:[\s\S]*$/, 'processes: {p: 1}\n')],
	['mappings a number', withLine('    mappings:\n      - {name: heap, size: 1MiB}\n', '    mappings: 5\n')],
	['program true', validScenario.replace(/ {4}program:\n[\s\S]*$/, '    program: true\n')],
	['step a string', withLine('- think: 1us', '- think')],
	['step two keys', withLine('- think: 1us', '- {think: 1us, barrier: {}}')],
	['touch a list', withLine('touch: {region: heap, slice: true}', 'touch: [heap]')],
	['slice a string', withLine('slice: true}\n            - think', 'slice: "yes"}\n            - think')],
	['size a map', withLine('size: 1MiB', 'size: {MiB: 1}')],
	['the document a list', '- 1\n- 2\n'],
	['the document a string', 'just words\n'],
	['the document empty', ''],
	['a second document', `${validScenario}---\n${validScenario}`],
	['binary junk', '\u0000\u0001\u0002\uFFFD\u0007 name: x\n'],
	['JSON with a string for cpus', '{"name": "fz", "description": "json", "cpus": "two", "processes": [{"name": "p", "program": [{"think": "1us"}]}]}\n'],
];

/** Bare numbers where a unit is required (COMMON: durations and sizes always need a unit). */
const unitless: readonly [string, string][] = [
	['duration 200000', withLine('duration: 200us', 'duration: 200000')],
	['size 1048576', withLine('size: 1MiB', 'size: 1048576')],
	['think 1000', withLine('think: 1us', 'think: 1000')],
	['stride 4096', withLine('touch: {region: heap, slice: true}', 'touch: {region: heap, slice: true, stride: 4096}')],
	['cost rcuGpNs 20000', `costs: {rcuGpNs: 20000}\n${validScenario}`],
	['inject size 8388608', `inject: {mmap: {size: 8388608}}\n${validScenario}`],
];

/** Totals that must be rejected before anything is built (exit 2), or run small (exit 0). */
const bombs: readonly [string, () => string, readonly number[]][] = [
	['count 10000000 with zero threads', () => withLine('threads: 2', 'threads: 0\n    count: 10000000'), [2]],
	['count 10000000', () => withLine('threads: 2', 'threads: 1\n    count: 10000000'), [2]],
	['count cpus/0', () => withLine('threads: 2', 'threads: 1\n    count: cpus/0'), [2]],
	['threads cpus/0', () => withLine('threads: 2', 'threads: cpus/0'), [2]],
	['random touch over 1 TiB', () => withLine('size: 1MiB', 'size: 1TiB').replace('touch: {region: heap, slice: true}', 'touch: {region: heap, order: random}'), [0, 2]],
	['loop touch over 1 TiB', () => withLine('size: 1MiB', 'size: 1TiB'), [0, 2]],
	['alias bomb 9^6', () => aliasBomb(9, 6), [2]],
	['alias bomb 9^7', () => aliasBomb(9, 7), [2]],
	['billion laughs', () => aliasBomb(10, 9), [2]],
	['200k mappings', () => manyMappings(200_000), [0, 2]],
	['1.2M mappings (about 40 MB)', () => manyMappings(1_200_000), [0, 2]],
	['loop times 1e15', () => withLine('      - loop:\n', '      - loop:\n          times: 1000000000000000\n'), [0, 2]],
];

const scenarioCommand = fc.constantFrom<readonly string[]>(['--headless'], ['--headless', '--json'], ['check'], ['compare', '--schemes', 'mmap-sem,per-vma']);

/** Runs `cmd` on the scenario text saved as `name` in the case's directory. */
const onScenario = (command: readonly string[], file: string, text: string, codes: readonly number[]) => (dir: string): Prepared => {
	const path = join(dir, file);
	writeFileSync(path, text);
	const args = command[0] === 'check' || command[0] === 'compare' ? [command[0], path, ...command.slice(1)] : [path, ...command];
	return {args, codes, inputs: [path]};
};

const brokenYaml = fc
	.record({cut: fc.nat({max: validScenario.length}), insert: fc.constantFrom('', ':', '[', '{', '"', '\t', '- ', '&x ', '*x', '!!binary ', '%YAML 9\n', '? '), at: fc.nat({max: validScenario.length}), command: scenarioCommand})
	.map(({cut, insert, at, command}) => {
		const text = (validScenario.slice(0, at) + insert + validScenario.slice(at)).slice(0, Math.max(cut, at));
		return make('scenario', `broken YAML (insert ${JSON.stringify(insert)} at ${at}, cut at ${Math.max(cut, at)}) ${command.join(' ')}`, onScenario(command, 'broken.yaml', text, [0, 2]));
	});

const fromTable = (kind: string, table: readonly [string, string][]) =>
	fc.record({entry: fc.constantFrom(...table), command: scenarioCommand}).map(({entry: [label, text], command}) => make('scenario', `${kind}: ${label} ${command.join(' ')}`, onScenario(command, 'bad.yaml', text, [2])));

const bomb = fc.record({entry: fc.constantFrom(...bombs), command: fc.constantFrom<readonly string[]>(['--headless'], ['check'])}).map(({entry: [label, text, codes], command}) =>
	make('scenario', `size bomb: ${label} ${command.join(' ')}`, dir => onScenario(command, 'bomb.yaml', text(), codes)(dir)),
);

/** Scenario paths that are not regular files: type-checked before reading (exit 2). */
const oddPath = fc.record({kind: fc.constantFrom('fifo without writer', 'directory', 'missing', '/dev/zero', 'symlink loop'), command: fc.constantFrom<readonly string[]>(['--headless'], ['check'])}).map(({kind, command}) =>
	make('scenario', `scenario path: ${kind} ${command.join(' ')}`, dir => {
		let path = join(dir, 'odd.yaml');
		if (kind === 'fifo without writer') execFileSync('mkfifo', [path]);
		else if (kind === 'directory') mkdirSync(path);
		else if (kind === '/dev/zero') path = '/dev/zero';
		else if (kind === 'symlink loop') {
			symlinkSync(join(dir, 'loop-b.yaml'), path);
			symlinkSync(path, join(dir, 'loop-b.yaml'));
		}
		const args = command[0] === 'check' ? ['check', path] : [path, ...command];
		return {args, codes: [2]};
	}),
);

export const scenarioCases: fc.Arbitrary<FuzzCase> = fc.oneof(brokenYaml, fromTable('bad value', badValues), fromTable('odd type', oddTypes), fromTable('unit-less', unitless), bomb, oddPath);

// ---------------------------------------------------------------- flags

const run = ['default', '--headless', '--duration', '200us'];
const flagCases: readonly [string, readonly string[], readonly number[], RegExp?][] = [
	['--cpus 8 --cpus 16', [...run, '--cpus', '8', '--cpus', '16'], [0, 2]],
	['--seed 1 --seed 2', [...run, '--cpus', '2', '--seed', '1', '--seed', '2'], [0, 2]],
	['--duration twice', [...run, '--cpus', '2', '--duration', '100us'], [0, 2]],
	['--scheme twice', [...run, '--cpus', '2', '--scheme', 'per-vma', '--scheme', 'mmap-sem'], [0, 2]],
	['--headless twice', [...run, '--cpus', '2', '--headless'], [0, 2]],
	['---cpus 4', [...run, '---cpus', '4'], [2]],
	['--json=1', [...run, '--cpus', '2', '--json=1'], [2]],
	['--headless=maybe', ['default', '--headless=maybe', '--cpus', '2', '--duration', '200us'], [2]],
	['--nosuch', [...run, '--cpus', '2', '--nosuch'], [2]],
	['-x', [...run, '--cpus', '2', '-x'], [2]],
	['--cpus=', [...run, '--cpus='], [2]],
	['--cpus without a value', [...run, '--cpus'], [2]],
	['--json on the dashboard', ['default', '--json'], [2]],
	['--scheme nosuch', [...run, '--cpus', '2', '--scheme', 'nosuch'], [2]],
	['--break nosuch', [...run, '--cpus', '2', '--break', 'nosuch'], [2]],
	['--sockets 3 --cpus 2', [...run, '--cpus', '2', '--sockets', '3'], [2]],
	['--duration 200 (no unit)', ['default', '--headless', '--cpus', '2', '--duration', '200'], [2]],
	['--duration 0ms', ['default', '--headless', '--cpus', '2', '--duration', '0ms'], [2]],
	['--duration -1ms', ['default', '--headless', '--cpus', '2', '--duration', '-1ms'], [2]],
	['--duration 1e400ms', ['default', '--headless', '--cpus', '2', '--duration', '1e400ms'], [2]],
	['--duration 1.5ns', ['default', '--headless', '--cpus', '2', '--duration', '1.5ns'], [2]],
	['--seed -1', [...run, '--cpus', '2', '--seed', '-1'], [2]],
	['--seed 1.5', [...run, '--cpus', '2', '--seed', '1.5'], [2]],
	['--seed 0x1', [...run, '--cpus', '2', '--seed', '0x1'], [2]],
	['nosuch scenario', ['nosuch-scenario', '--headless'], [2]],
	['two scenarios', ['default', 'pft', '--headless', '--cpus', '2', '--duration', '200us'], [2]],
	['verify without a file', ['verify'], [2]],
	['export without a file', ['export'], [2]],
	['verify --json', ['verify', '--json'], [0, 2]],
	['scenarios --cpus 4', ['scenarios', '--cpus', '4'], [0, 2]],
	['--format nosuch', ['export', 'x.ndjson', '--format', 'nosuch'], [2]],
	['--replay and a scenario', ['pft', '--replay', 'x.ndjson', '--headless'], [2]],
	['compare --schemes nosuch', ['compare', 'default', '--schemes', 'nosuch', '--cpus', '2', '--duration', '200us'], [2]],
	['compare --schemes ""', ['compare', 'default', '--schemes', '', '--cpus', '2', '--duration', '200us'], [2]],
	['sweep --cpus 0..1', ['sweep', 'default', '--cpus', '0..1', '--duration', '200us'], [2]],
	['--jobs 0', ['compare', 'default', '--jobs', '0', '--cpus', '2', '--duration', '200us'], [2]],
	['--shard 3/2', ['sweep', 'default', '--shard', '3/2', '--cpus', '1,2', '--duration', '200us'], [2]],
	['help', ['--help'], [0], /Usage/],
	['-h', ['-h'], [0], /Usage/],
	['compare --help', ['compare', '--help'], [0], /Usage|compare/],
	['check --help', ['check', '--help'], [0], /Usage|check/],
	['verify --help', ['verify', '--help'], [0], /Usage|verify/],
	['export -h', ['export', '-h'], [0], /Usage|export/],
	['--help compare', ['--help', 'compare'], [0], /Usage|compare/],
	['help compare', ['help', 'compare'], [0], /Usage|compare/],
	['default --headless --help', ['default', '--headless', '--help'], [0], /Usage/],
	['--version', ['--version'], [0], /\d+\.\d+\.\d+/],
	['--version --json', ['--version', '--json'], [0], /\d+\.\d+\.\d+/],
	['-V', ['-V'], [0], /\d+\.\d+\.\d+/],
	['scenarios --version', ['scenarios', '--version'], [0], /\d+\.\d+\.\d+/],
	['--no-color', [...run, '--cpus', '2', '--no-color'], [0]],
];

const numberValue = fc.constantFrom('0x10', '1e3', '08', '-1', '0', '1025', '1.5', '', ' 4', 'four', '4abc', 'Infinity', 'NaN', '+4', '4 ', '0b10', '１');
const oddNumber = fc.record({flag: fc.constantFrom('--cpus', '--sockets', '--seed', '--jobs'), value: numberValue}).map(({flag, value}) => {
	// --sockets 0x10 and friends: only an exact whole number in range is accepted.
	const args = flag === '--jobs' ? ['compare', 'default', '--cpus', '2', '--duration', '200us', flag, value] : [...run, ...(flag === '--cpus' ? [] : ['--cpus', '2']), flag, value];
	const codes = flag === '--seed' && (value === '0' || value === '1025') ? [0] : flag === '--jobs' && value === '1025' ? [0, 2] : [2];
	return make('flags', `odd number: ${flag} ${JSON.stringify(value)}`, () => ({args, codes}));
});
const goodNumber = fc.record({cpus: fc.integer({min: 1, max: 16}), seed: fc.nat({max: 2 ** 31})}).map(({cpus, seed}) =>
	make('flags', `good numbers: --cpus ${cpus} --seed ${seed}`, () => ({args: [...run, '--cpus', String(cpus), '--seed', String(seed)], codes: [0]})),
);
const fixedFlag = fc.constantFrom(...flagCases).map(([label, args, codes, stdoutMatch]) => make('flags', label, () => ({args, codes, ...(stdoutMatch ? {stdoutMatch} : {})})));
/** Random junk appended to a valid run. */
const junkFlag = fc.array(fc.constantFrom('--', '-', '--=', '--cpus', '-o', '--json', '--help', '--version', '--record', 'x', '=', '--live', '--strict', '--replay'), {minLength: 1, maxLength: 3}).map(extra =>
	make('flags', `junk: ${extra.join(' ')}`, () => ({args: [...run, '--cpus', '2', ...extra], codes: [0, 2]})),
);

export const flagsCases: fc.Arbitrary<FuzzCase> = fc.oneof({arbitrary: fixedFlag, weight: 3}, {arbitrary: oddNumber, weight: 2}, goodNumber, junkFlag);

// ---------------------------------------------------------------- recordings

const readers = fc.constantFrom<'verify' | 'replay' | 'export'>('verify', 'replay', 'export');
const readerArgs = (reader: 'verify' | 'replay' | 'export', path: string, dir: string): string[] =>
	reader === 'verify' ? ['verify', path] : reader === 'replay' ? ['--replay', path, '--headless'] : ['export', path, '-o', join(dir, 'out.trace.json')];

const cut = fc.record({fraction: fc.double({min: 0, max: 1, noNaN: true}), gz: fc.boolean(), reader: readers}).map(({fraction, gz, reader}) =>
	make('recording', `cut at ${(fraction * 100).toFixed(2)}%${gz ? ' (gzip)' : ''}, ${reader}`, (dir, fixtures) => {
		const bytes = readFileSync(gz ? fixtures.smallGz : fixtures.small);
		const at = Math.min(bytes.length - 1, Math.floor(fraction * bytes.length));
		const path = join(dir, gz ? 'cut.ndjson.gz' : 'cut.ndjson');
		writeFileSync(path, bytes.subarray(0, at));
		// A cut file is truncated (3) or corrupt (1) to verify; replay and export may warn and go on.
		// Cutting only the final newline leaves the whole recording; so does cutting into gzip's
		// trailer (CRC-32, size) or its final empty block: every line is there and the
		// recording's own checksum vouches for them.
		const whole = gz ? gunzipSync(bytes.subarray(0, at), {finishFlush: zlibConstants.Z_SYNC_FLUSH}).equals(readFileSync(fixtures.small)) : at === bytes.length - 1 && bytes[at] === 0x0a;
		return {args: readerArgs(reader, path, dir), codes: reader === 'verify' && !whole ? [1, 3] : [0, 1, 3], inputs: [path]};
	}),
);

const flip = fc.record({flips: fc.array(fc.record({at: fc.double({min: 0, max: 1, noNaN: true, maxExcluded: true}), bit: fc.nat({max: 7})}), {minLength: 1, maxLength: 3}), reader: readers}).map(({flips, reader}) =>
	make('recording', `bit flips ${flips.map(f => `${(f.at * 100).toFixed(2)}%:${f.bit}`).join(',')}, ${reader}`, (dir, fixtures) => {
		const bytes = Buffer.from(readFileSync(fixtures.small));
		for (const {at, bit} of flips) bytes[Math.floor(at * bytes.length)]! ^= 1 << bit;
		const path = join(dir, 'flipped.ndjson');
		writeFileSync(path, bytes);
		return {args: readerArgs(reader, path, dir), codes: reader === 'verify' ? [1, 3] : [0, 1, 3], inputs: [path]};
	}),
);

type Header = {scenario: Record<string, unknown> & {processes: {mappings: {name: string}[]}[]}; params: Record<string, number>} & Record<string, unknown>;
const headerEdits: readonly [string, (h: Header) => void, boolean][] = [
	['scenario name', h => void (h.scenario['name'] = 'edited'), false],
	['description', h => void (h.scenario['description'] = `${String(h.scenario['description'])} (edited)`), false],
	['expect added', h => void (h.scenario['expect'] = {violations: 5, minFaults: null, speculative: [], notSpeculative: [], caught: [], minSpeculative: null}), false],
	['mapping name', h => void (h.scenario.processes[0]!.mappings[0]!.name = 'heap2'), false],
	['cost name', h => {
		const {pageZeroNs, ...rest} = h.params;
		h.params = {...rest, pageZer0Ns: pageZeroNs!};
	}, true],
	['cost value', h => void (h.params['pageZeroNs'] = 301), false],
	['seed', h => void (h['seed'] = 2), false],
	['tool', h => void (h['tool'] = 'spf-top 9.9.9'), false],
];
const headerEdit = fc.record({entry: fc.constantFrom(...headerEdits), reader: readers}).map(({entry: [label, edit, alwaysBad], reader}) =>
	make('recording', `header edit: ${label}, ${reader}`, (dir, fixtures) => {
		const text = readFileSync(fixtures.small, 'utf8');
		const newline = text.indexOf('\n');
		const header = JSON.parse(text.slice(0, newline)) as Header;
		edit(header);
		const path = join(dir, 'edited.ndjson');
		writeFileSync(path, JSON.stringify(header) + text.slice(newline));
		// The checksum covers the header: verify must see every edit; an unknown cost name is an error everywhere.
		return {args: readerArgs(reader, path, dir), codes: reader === 'verify' || alwaysBad ? [1] : [0, 1], inputs: [path]};
	}),
);

const notARecording = fc.record({kind: fc.constantFrom('missing', 'directory', 'fifo without writer', '/dev/zero', 'empty', 'a scenario file'), reader: readers}).map(({kind, reader}) =>
	make('recording', `not a recording: ${kind}, ${reader}`, (dir, fixtures) => {
		let path = join(dir, 'odd.ndjson');
		let codes = [2];
		if (kind === 'directory') mkdirSync(path);
		else if (kind === 'fifo without writer') execFileSync('mkfifo', [path]);
		else if (kind === '/dev/zero') path = '/dev/zero';
		else if (kind === 'empty' || kind === 'a scenario file') {
			writeFileSync(path, kind === 'empty' ? '' : validScenario);
			codes = reader === 'verify' ? [1, 3] : [1, 3];
		}
		void fixtures;
		return {args: readerArgs(reader, path, dir), codes};
	}),
);

const intact = readers.map(reader => make('recording', `intact, ${reader}`, (dir, fixtures) => ({args: readerArgs(reader, fixtures.small, dir), codes: [0], inputs: [fixtures.small]})));

export const recordingCases: fc.Arbitrary<FuzzCase> = fc.oneof({arbitrary: cut, weight: 4}, {arbitrary: flip, weight: 3}, {arbitrary: headerEdit, weight: 3}, notARecording, intact);

// ---------------------------------------------------------------- output paths

/** A small tmpfs that fills up: a full disk without touching the machine's /dev/full. */
function smallTmpfs(dir: string, kib: number): {path: string; cleanup: () => void} {
	const path = join(dir, 'full');
	mkdirSync(path);
	execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', path]);
	return {path, cleanup: () => execFileSync('umount', ['-l', path])};
}

/**
 * A reader on a FIFO, draining it or closing after `closeAfter` bytes. The cleanup opens the
 * FIFO's other end once, so a reader still blocked in open() (the command never wrote) returns
 * instead of holding a libuv thread for good.
 */
function fifoReader(path: string, closeAfter?: number): () => void {
	execFileSync('mkfifo', [path]);
	const stream = createReadStream(path);
	let bytes = 0;
	stream.on('data', (chunk: string | Buffer) => {
		bytes += chunk.length;
		if (closeAfter !== undefined && bytes >= closeAfter) stream.destroy();
	});
	stream.on('error', () => {});
	return () => {
		try {
			closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
		} catch {
			// no reader waiting, or the path is no longer a FIFO
		}
		stream.destroy();
	};
}

const existing = '{"previous": "output, must survive a failed export"}\n';
const outputKinds = [
	'existing file, good recording',
	'existing file, cut recording',
	'existing default output, cut recording',
	'symlink to the input',
	'hard link to the input',
	'the input itself',
	'directory',
	'missing directory',
	'FIFO with a reader',
	'FIFO closed early',
	'stdout closed early',
	'full disk',
	'full disk, existing file',
	'--record onto the scenario',
	'--record symlink to the scenario',
	'--record existing, bad scenario',
	'--record existing, good run',
	'--record full disk',
	'--record a 250-character name',
	'--record /dev/stdout',
	'--record into a directory',
] as const;

const outputCase = fc.constantFrom(...outputKinds).map(kind =>
	make('output', kind, (dir, fixtures): Prepared => {
		const input = join(dir, 'in.ndjson');
		writeFileSync(input, readFileSync(fixtures.small));
		const cutInput = join(dir, 'cut.ndjson');
		const small = readFileSync(fixtures.small);
		writeFileSync(cutInput, small.subarray(0, Math.floor(small.length / 2)));
		const out = join(dir, 'out.trace.json');
		const scenario = join(dir, 'scen.yaml');
		writeFileSync(scenario, validScenario);
		switch (kind) {
			case 'existing file, good recording':
				writeFileSync(out, existing);
				return {args: ['export', input, '-o', out], codes: [0], inputs: [input], after: () => jsonIfExists(out)};
			case 'existing file, cut recording':
				writeFileSync(out, existing);
				return {args: ['export', cutInput, '-o', out], codes: [0, 1, 3], inputs: [cutInput], outputs: [out]};
			case 'existing default output, cut recording': {
				const defaultOut = join(dir, 'cut.trace.json');
				writeFileSync(defaultOut, existing);
				return {args: ['export', cutInput], codes: [0, 1, 3], inputs: [cutInput], outputs: [defaultOut]};
			}
			case 'symlink to the input':
				symlinkSync(input, out);
				return {args: ['export', input, '-o', out], codes: [1, 2], inputs: [input, out]};
			case 'hard link to the input':
				linkSync(input, out);
				return {args: ['export', input, '-o', out], codes: [1, 2], inputs: [input, out]};
			case 'the input itself':
				return {args: ['export', input, '-o', input], codes: [1, 2], inputs: [input]};
			case 'directory':
				mkdirSync(out);
				return {args: ['export', input, '-o', out], codes: [1, 2], inputs: [input, out]};
			case 'missing directory':
				return {args: ['export', input, '-o', join(dir, 'no', 'such', 'out.json')], codes: [1, 2], inputs: [input]};
			case 'FIFO with a reader':
				return {args: ['export', input, '-o', out], codes: [0], inputs: [input, out], cleanup: fifoReader(out)};
			case 'FIFO closed early':
				return {args: ['export', fixtures.big, '-o', out], codes: [0, 1], inputs: [fixtures.big, out], cleanup: fifoReader(out, 100)};
			case 'stdout closed early':
				return {args: ['export', fixtures.big, '-o', '-'], codes: [0, 1], inputs: [fixtures.big], stdoutCloseAfter: 1000};
			case 'full disk':
			case 'full disk, existing file': {
				const full = smallTmpfs(dir, 64);
				const target = join(full.path, 'out.trace.json');
				if (kind === 'full disk, existing file') writeFileSync(target, existing);
				return {args: ['export', fixtures.big, '-o', target], codes: [1], inputs: [fixtures.big], outputs: [target], cleanup: full.cleanup, after: code => (code === 0 ? null : jsonIfExists(target))};
			}
			case '--record onto the scenario':
				return {args: [scenario, '--record', scenario], codes: [1, 2], inputs: [scenario]};
			case '--record symlink to the scenario': {
				const link = join(dir, 'link.ndjson');
				symlinkSync(scenario, link);
				return {args: [scenario, '--record', link], codes: [1, 2], inputs: [scenario, link]};
			}
			case '--record existing, bad scenario': {
				const target = join(dir, 'rec.ndjson');
				writeFileSync(target, existing);
				writeFileSync(scenario, withLine('cpus: 2', 'cpus: 0'));
				return {args: [scenario, '--record', target], codes: [2], inputs: [scenario], outputs: [target]};
			}
			case '--record existing, good run': {
				const target = join(dir, 'rec.ndjson');
				writeFileSync(target, existing);
				return {args: [scenario, '--record', target], codes: [0], inputs: [scenario], after: () => verifies(target, dir)};
			}
			case '--record full disk': {
				const full = smallTmpfs(dir, 64);
				const target = join(full.path, 'rec.ndjson');
				writeFileSync(target, existing);
				return {args: ['pft', '--cpus', '4', '--duration', '2ms', '--record', target], codes: [1], outputs: [target], cleanup: full.cleanup};
			}
			case '--record a 250-character name':
				return {args: [scenario, '--record', join(dir, `${'r'.repeat(243)}.ndjson`)], codes: [0]};
			case '--record /dev/stdout': {
				// `--record /dev/stdout > f.ndjson`: the summary must not land in the recording.
				const target = join(dir, 'stdout.ndjson');
				return {args: ['-c', `exec "$0" "$1" "$2" --record /dev/stdout > "$3"`, process.execPath, cliPath, scenario, target], codes: [0], inputs: [scenario], shell: true, after: () => verifies(target, dir)};
			}
			case '--record into a directory': {
				mkdirSync(join(dir, 'd.ndjson'));
				return {args: [scenario, '--record', join(dir, 'd.ndjson')], codes: [1, 2], inputs: [scenario, join(dir, 'd.ndjson')]};
			}
		}
	}),
);

/** `verify FILE` exits 0: the recording is complete and intact. */
async function verifies(file: string, cwd: string): Promise<string | null> {
	const code = await new Promise<number | null>(resolve => spawn(process.execPath, [cliPath, 'verify', file], {cwd, stdio: 'ignore'}).on('exit', resolve));
	return code === 0 ? null : `${file} does not verify (exit ${code})`;
}

export const outputCases: fc.Arbitrary<FuzzCase> = outputCase;

// ---------------------------------------------------------------- signals

const zeroCosts = `costs: {${paramNames.filter(name => name.endsWith('Ns')).map(name => `${name}: 0ns`).join(', ')}}\n`;

/** The fuzzer's valid scenario with every cost zero and a 10 s duration: a 1 ms slice holds about 1.5 M events. */
export const zeroCostScenario = zeroCosts + withLine('duration: 200us', 'duration: 10s');
const signalTargets = [
	'headless run',
	'headless run, zero costs',
	'--record',
	'--record over an existing file',
	'--record, zero costs',
	'--record .gz',
	'export',
	'export over an existing file',
	'verify',
	'compare',
	'check',
] as const;

const signalCase = fc.record({target: fc.constantFrom(...signalTargets), signal: fc.constantFrom<NodeJS.Signals>('SIGINT', 'SIGTERM', 'SIGHUP'), delayMs: fc.integer({min: 300, max: 2500})}).map(({target, signal, delayMs}) =>
	make('signal', `${signal} during ${target} after ${target.startsWith('--record') ? 'the partial file appears' : `${delayMs} ms`}`, (dir, fixtures): Prepared => {
		const zero = join(dir, 'zero.yaml');
		writeFileSync(zero, zeroCostScenario);
		const target1 = join(dir, 'rec.ndjson');
		const out = join(dir, 'out.trace.json');
		const base = {codes: [0], signal, signalDelayMs: delayMs};
		switch (target) {
			case 'headless run':
				return {...base, args: ['pft', '--headless', '--duration', '10s']};
			case 'headless run, zero costs':
				return {...base, args: [zero, '--headless'], inputs: [zero]};
			case '--record':
			case '--record .gz':
				return {...base, args: ['pft', '--duration', '10s', '--record', target === '--record' ? target1 : `${target1}.gz`], signalWhenPartialIn: dir};
			case '--record over an existing file':
				// The signal finishes the recording, marked interrupted, under the name asked for:
				// the old file is replaced by a recording verify accepts, never by half of one.
				writeFileSync(target1, existing);
				return {...base, args: ['pft', '--duration', '10s', '--record', target1], signalWhenPartialIn: dir, after: async () => (readFileSync(target1, 'utf8') === existing ? null : verifies(target1, dir))};
			case '--record, zero costs':
				return {...base, args: [zero, '--record', target1], signalWhenPartialIn: dir, inputs: [zero]};
			case 'export':
				return {...base, args: ['export', fixtures.big, '-o', out], inputs: [fixtures.big], after: () => jsonIfExists(out)};
			case 'export over an existing file':
				writeFileSync(out, existing);
				return {...base, args: ['export', fixtures.big, '-o', out], inputs: [fixtures.big], outputs: [out], after: () => jsonIfExists(out)};
			case 'verify':
				return {...base, args: ['verify', fixtures.big], inputs: [fixtures.big]};
			case 'compare':
				return {...base, args: ['compare', 'pft', '--duration', '1s']};
			case 'check':
				return {...base, args: ['check', '--duration', '1s']};
		}
	}),
);

export const signalCases: fc.Arbitrary<FuzzCase> = signalCase;

export const arbitraries: Readonly<Record<Category, fc.Arbitrary<FuzzCase>>> = {
	scenario: scenarioCases,
	flags: flagsCases,
	recording: recordingCases,
	output: outputCases,
	signal: signalCases,
};
