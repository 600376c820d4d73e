// Issue 10's data-loss items, through the bundled CLI as a user runs it: export never removes
// or half-writes its target, a command never overwrites its own input (by identity), and
// names that are long or hold control characters work.
import assert from 'node:assert/strict';
import {spawn, spawnSync, type SpawnSyncReturns} from 'node:child_process';
import {once} from 'node:events';
import {copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {tempDir} from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/cli.js`;
const temp = tempDir();
after(() => temp.remove());

function spf(args: readonly string[]): SpawnSyncReturns<string> {
	return spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', cwd: temp.dir, env: {...process.env, NO_COLOR: '1'}});
}

function cleanError(result: SpawnSyncReturns<string>, code: number, message: RegExp): void {
	assert.equal(result.status, code, result.stderr);
	assert.match(result.stderr, /^spf-top: /);
	assert.match(result.stderr, message);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

const machine = ['default', '--cpus', '4', '--duration', '2ms', '--seed', '3'];
let recording = '';
let bytes: Buffer;

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [`${root}source/build.mjs`], {stdio: 'inherit'});
	recording = temp.path('run.ndjson');
	assert.equal(spf([...machine, '--record', recording]).status, 0);
	bytes = readFileSync(recording);
});

/** Names in the temp dir starting with `prefix`, partial files included. */
const named = (prefix: string): string[] => readdirSync(temp.dir).filter(name => name.startsWith(prefix) || name.startsWith(`.${prefix}`));

test('export onto a device that fails (a copy of /dev/full) is an error, and the device node stays', {skip: process.getuid?.() !== 0 ? 'needs root for mknod' : false}, () => {
	const full = temp.path('full');
	assert.equal(spawnSync('mknod', ['-m', '666', full, 'c', '1', '7']).status, 0);
	cleanError(spf(['export', recording, '-o', full]), 1, /cannot write .*full: no space left on the device \(ENOSPC\)/);
	assert.ok(lstatSync(full).isCharacterDevice(), 'the device node is still there');
	assert.ok(lstatSync('/dev/full').isCharacterDevice(), '/dev/full is still a character device');
});

test('a failed export keeps an existing output file as it was, and leaves no partial file', () => {
	const out = temp.path('kept.json');
	writeFileSync(out, 'an older trace\n');
	const garbage = temp.path('garbage.ndjson');
	writeFileSync(garbage, 'not a recording\n');
	cleanError(spf(['export', garbage, '-o', out]), 1, /not an spf-top recording/);
	assert.equal(readFileSync(out, 'utf8'), 'an older trace\n');
	assert.deepEqual(named('kept.json'), ['kept.json']);
	// A good export replaces it whole.
	assert.equal(spf(['export', recording, '-o', out]).status, 0);
	assert.ok(Array.isArray((JSON.parse(readFileSync(out, 'utf8')) as {traceEvents: unknown[]}).traceEvents));
	assert.deepEqual(named('kept.json'), ['kept.json']);
});

test('export to a FIFO writes in place for its reader, and the FIFO stays a FIFO', async () => {
	const fifo = temp.path('trace.fifo');
	assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
	const reader = spawn('cat', [fifo]);
	let text = '';
	reader.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
	const closed = once(reader, 'close');
	const exported = spawn(process.execPath, [cli, 'export', recording, '-o', fifo], {cwd: temp.dir});
	const [code] = (await once(exported, 'exit')) as [number | null];
	await closed;
	assert.equal(code, 0);
	assert.ok(Array.isArray((JSON.parse(text) as {traceEvents: unknown[]}).traceEvents));
	assert.ok(lstatSync(fifo).isFIFO());
	assert.deepEqual(named('trace.fifo'), ['trace.fifo']);
});

test('export onto its own input, through a symlink or a hard link, is refused and the recording is untouched', () => {
	const link = temp.path('link.json');
	const hard = temp.path('hard.json');
	symlinkSync(recording, link);
	linkSync(recording, hard);
	for (const out of [link, hard]) cleanError(spf(['export', recording, '-o', out]), 2, /it is .*run\.ndjson, the file this export reads/);
	cleanError(spf(['export', recording, '-o', recording]), 2, /would overwrite the recording it reads/);
	assert.ok(readFileSync(recording).equals(bytes), 'the recording is untouched');
});

test('--record onto the scenario file it reads (by path or link) is refused, and the scenario is untouched', () => {
	const scenario = temp.path('mine.yaml');
	copyFileSync(`${root}scenarios/default.yaml`, scenario);
	const text = readFileSync(scenario, 'utf8');
	const link = temp.path('mine-link.ndjson');
	symlinkSync(scenario, link);
	for (const target of [scenario, link]) {
		cleanError(spf([scenario, '--cpus', '2', '--duration', '1ms', '--record', target]), 2, /it is .*mine\.yaml, the file this run reads/);
	}
	assert.equal(readFileSync(scenario, 'utf8'), text);
	assert.ok(lstatSync(link).isSymbolicLink());
});

test('export -o DIR is a usage error; export -o - into a pipe closed early ends quietly, as cat does', async () => {
	const dir = temp.path('somedir');
	mkdirSync(dir);
	cleanError(spf(['export', recording, '-o', dir]), 2, /cannot write .*somedir: it is a directory/);
	const child = spawn(process.execPath, [cli, 'export', recording, '-o', '-'], {cwd: temp.dir});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	let got = 0;
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
	// `head -c 1000`: read 1000 bytes, then close the pipe.
	await new Promise<void>(resolve => {
		child.stdout.on('data', (chunk: Buffer) => {
			got += chunk.length;
			if (got >= 1000) {
				child.stdout.destroy();
				resolve();
			}
		});
	});
	const [code, signal] = await exited;
	assert.equal(signal, null);
	assert.equal(code, 0, stderr);
	assert.equal(stderr, '');
});

test('a 250-character --record name works (a shorter partial name), and so does exporting it', () => {
	const name = 'r'.repeat(250 - '.ndjson'.length) + '.ndjson';
	assert.equal(name.length, 250);
	const result = spf([...machine, '--record', temp.path(name)]);
	assert.equal(result.status, 0, result.stderr);
	assert.equal(spf(['verify', temp.path(name)]).status, 0);
	const out = 't'.repeat(240) + '.json';
	assert.equal(spf(['export', temp.path(name), '-o', temp.path(out)]).status, 0);
	assert.deepEqual(readdirSync(temp.dir).filter(n => n.endsWith('.partial')), []);
	assert.ok(statSync(temp.path(out)).size > 1000);
});

test('control characters in a scenario name or description never reach the terminal', () => {
	const scenario = temp.path('escape.yaml');
	const text = readFileSync(`${root}scenarios/default.yaml`, 'utf8').replace(/^name: .*$/m, 'name: "\\e[2Jclear\\u0007"');
	assert.match(text, /\\e\[2J/);
	writeFileSync(scenario, text);
	const file = temp.path('escape.ndjson');
	const run = spf([scenario, '--cpus', '2', '--duration', '1ms', '--record', file]);
	assert.equal(run.status, 0, run.stderr);
	const replay = spf(['--replay', file, '--headless']);
	for (const output of [run.stdout, replay.stdout, spf([scenario, '--cpus', '2', '--duration', '1ms', '--headless']).stdout]) {
		assert.match(output, /^spf-top · \[2Jclear · /);
		assert.doesNotMatch(output, /[\u0000-\u0008\u000B-\u001F\u007F]/);
	}
});
