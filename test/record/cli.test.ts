// The recording commands end to end, through the bundled CLI as a user runs it.
import assert from 'node:assert/strict';
import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import {existsSync, lstatSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {tempDir} from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/cli.js`;
const temp = tempDir();
after(() => temp.remove());

before(() => {
	// `npm test` builds first; a lone run of this file builds if it must.
	if (!existsSync(cli)) spawnSync(process.execPath, [`${root}source/build.mjs`], {stdio: 'inherit'});
});

function spf(args: readonly string[], shell?: string): SpawnSyncReturns<string> {
	if (shell !== undefined) return spawnSync('bash', ['-c', `${shell} exec "${process.execPath}" "${cli}" ${args.map(a => `'${a}'`).join(' ')}`], {encoding: 'utf8', cwd: temp.dir});
	// A Chrome trace on stdout passes spawnSync's 1 MiB default buffer (which kills the child).
	return spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', cwd: temp.dir, env: {...process.env, NO_COLOR: '1'}, maxBuffer: 256 * 1024 * 1024});
}

/** One line on stderr, `spf-top: ...`, and no stack trace. */
function cleanError(result: SpawnSyncReturns<string>, code: number, message: RegExp): void {
	assert.equal(result.status, code, result.stderr);
	assert.match(result.stderr, /^spf-top: /);
	assert.match(result.stderr, message);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

const machine = ['default', '--cpus', '4', '--duration', '2ms', '--seed', '3'];

test('--record prints what --headless prints, and --replay --headless prints it again', () => {
	for (const json of [[], ['--json']]) {
		const file = temp.path(`cli${json.length}.ndjson`);
		const headless = spf([...machine, '--headless', ...json]);
		const record = spf([...machine, '--record', file, ...json]);
		const replay = spf(['--replay', file, '--headless', ...json]);
		assert.equal(headless.status, 0, headless.stderr);
		assert.equal(record.status, 0, record.stderr);
		assert.equal(replay.status, 0, replay.stderr);
		assert.ok(headless.stdout.length > 100);
		assert.equal(record.stdout, headless.stdout);
		assert.equal(replay.stdout, headless.stdout);
		// The first line says it is recording (the readiness line when stderr is no terminal).
		assert.match(record.stderr, new RegExp(`^spf-top: recording to ${file}\\nspf-top: recorded [\\d,]+ events to ${file} \\(\\d+\\.\\d MiB\\)\\n$`));
		assert.equal(replay.stderr, '');
	}
});

test('verify: exit 0 when identical, 1 when not', () => {
	const file = temp.path('verify.ndjson.gz');
	assert.equal(spf([...machine, '--record', file]).status, 0);
	const ok = spf(['verify', file]);
	assert.equal(ok.status, 0, ok.stderr);
	assert.match(ok.stdout, /: identical · [\d,]+ events · 0 injections · 2\.000 ms simulated \(complete\)\n$/);
	// The same header with another seed's events: a valid file of a different run.
	const other = temp.path('other.ndjson');
	assert.equal(spf([...machine.slice(0, -1), '4', '--record', other]).status, 0);
	const [, ...body] = readFileSync(other, 'utf8').split('\n');
	const seed3 = temp.path('seed3.ndjson');
	assert.equal(spf([...machine, '--record', seed3]).status, 0);
	const header = readFileSync(seed3, 'utf8').split('\n')[0];
	const spliced = temp.path('spliced.ndjson');
	writeFileSync(spliced, [header, ...body].join('\n'));
	const differs = spf(['verify', spliced]);
	assert.equal(differs.status, 1, differs.stderr);
	assert.match(differs.stdout, /differs at event [\d,]+ \(t = .*\n {2}recorded: {2}\{.*\}\n {2}simulated: \{.*\}\n$/);
});

test('export writes a Chrome trace next to the recording, or to stdout with -o -', () => {
	const file = temp.path('trace-me.ndjson');
	assert.equal(spf([...machine, '--record', file]).status, 0);
	const result = spf(['export', file, '--format', 'chrome-trace']);
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stderr, /wrote .*trace-me\.trace\.json: [\d,]+ trace events/);
	const trace = JSON.parse(readFileSync(temp.path('trace-me.trace.json'), 'utf8')) as {traceEvents: unknown[]};
	assert.ok(trace.traceEvents.length > 100);
	const piped = spf(['export', file, '-o', '-']);
	assert.equal(piped.status, 0, piped.stderr);
	assert.deepEqual(JSON.parse(piped.stdout), trace);
});

test('a bad recording is one line on stderr and exit 1', () => {
	const garbage = temp.path('garbage.ndjson');
	writeFileSync(garbage, 'not a recording\n');
	for (const args of [['--replay', garbage, '--headless'], ['verify', garbage], ['export', garbage, '-o', '-']]) {
		cleanError(spf(args), 1, /garbage\.ndjson: not an spf-top recording \(line 1 is not JSON\)\n$/);
	}
	// A path named on the command line that is no file at all is a usage error, as for a scenario.
	cleanError(spf(['verify', temp.dir]), 2, /is a directory, not a recording/);
	cleanError(spf(['verify', temp.path('missing.ndjson')]), 2, /cannot read .*missing\.ndjson: no such file/);
	cleanError(spf(['--replay', temp.path('missing.ndjson'), '--headless']), 2, /cannot read .*missing\.ndjson: no such file/);
});

test('a truncated recording replays with a warning, and is an error with --strict', () => {
	const file = temp.path('whole.ndjson');
	assert.equal(spf([...machine, '--record', file]).status, 0);
	const lines = readFileSync(file, 'utf8').split('\n');
	const cut = temp.path('cut.ndjson');
	writeFileSync(cut, lines.slice(0, 200).join('\n') + '\n' + lines[200]!.slice(0, 5));
	const replay = spf(['--replay', cut, '--headless']);
	assert.equal(replay.status, 0, replay.stderr);
	assert.match(replay.stderr, /^spf-top: .*cut\.ndjson: truncated after line 200: replaying the [\d,]+ events before it/);
	assert.match(replay.stdout, /^spf-top · default/);
	// Truncated has its own exit code, 3, with --strict too.
	cleanError(spf(['--replay', cut, '--headless', '--strict']), 3, /cut\.ndjson: truncated after line 200 \(the next line is incomplete\)/);
	const verified = spf(['verify', cut]);
	assert.equal(verified.status, 3, verified.stderr);
	assert.match(verified.stdout, /identical .* \(truncated\)\n$/);
});

test('an unwritable recording path is exit 1, and leaves no file claiming to be complete', () => {
	cleanError(spf([...machine, '--record', temp.path('no/such/dir/x.ndjson')]), 1, /cannot write .*x\.ndjson: no such directory \(ENOENT\)/);
	cleanError(spf([...machine, '--record', temp.dir]), 2, /is a directory/);
	if (existsSync('/dev/full')) cleanError(spf([...machine, '--record', '/dev/full']), 1, /cannot write \/dev\/full: no space left on the device \(ENOSPC\)/);
	// The disk fills mid-run: a file-size limit makes writes fail with EFBIG after 64 KiB.
	const full = temp.path('full.ndjson');
	const result = spf([...machine, '--record', full], "trap '' XFSZ; ulimit -f 128;");
	cleanError(result, 1, /cannot write .*full\.ndjson: file too large \(EFBIG\)/);
	assert.deepEqual(readdirSync(temp.dir).filter(name => name.startsWith('full.ndjson')), []);
});

test('--record /dev/stdout writes the recording in place, and the summary to stderr', {skip: !existsSync('/dev/stdout')}, () => {
	const file = temp.path('piped.ndjson');
	const recorded = spf([...machine, '--record', file]);
	assert.equal(recorded.status, 0, recorded.stderr);
	// Through a pipe: Node's own stdio pipes are sockets, which /dev/stdout cannot open.
	const piped = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${cli}" ${machine.join(' ')} --record /dev/stdout | cat`], {encoding: 'utf8', cwd: temp.dir});
	assert.equal(piped.status, 0, piped.stderr);
	assert.equal(piped.stdout, readFileSync(file, 'utf8'));
	assert.ok(piped.stderr.includes(recorded.stdout), 'the summary is on stderr');
	// Redirected to a file, /dev/stdout stats as that file: it must still be written in place,
	// not replaced by a renamed partial file.
	const redirected = temp.path('redirected.ndjson');
	const wasLink = lstatSync('/dev/stdout').isSymbolicLink();
	const shell = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" ${machine.join(' ')} --record /dev/stdout > "${redirected}"`], {encoding: 'utf8', cwd: temp.dir});
	const isLink = lstatSync('/dev/stdout').isSymbolicLink();
	if (wasLink && !isLink) symlinkRepair();
	assert.equal(shell.status, 0, shell.stderr);
	assert.equal(isLink, wasLink, '/dev/stdout was replaced by a file');
	assert.equal(readFileSync(redirected, 'utf8'), readFileSync(file, 'utf8'));
	assert.ok(shell.stderr.includes(recorded.stdout), 'the summary is on stderr');
	// And the file is a recording verify accepts.
	const verified = spf(['verify', redirected]);
	assert.equal(verified.status, 0, verified.stdout + verified.stderr);
});

/** Puts /dev/stdout back as the link it was, should a broken build have renamed over it. */
function symlinkRepair(): void {
	rmSync('/dev/stdout', {force: true});
	symlinkSync('/proc/self/fd/1', '/dev/stdout');
}

test('usage mistakes are exit 2 with the flag named', () => {
	const cases: [string[], RegExp][] = [
		[['--record', 'a.ndjson', '--replay', 'b.ndjson'], /--record and --replay cannot be used together/],
		[['--replay', 'a.ndjson', '--cpus', '4', '--headless'], /--replay takes the scenario and machine from the recording; drop --cpus/],
		[['default', '--replay', 'a.ndjson', '--headless'], /--replay takes the scenario from the recording; drop "default"/],
		[['verify'], /spf-top verify takes one recording file, got none/],
		[['export', 'a.ndjson', 'b.ndjson'], /spf-top export takes one recording file, got 2: a\.ndjson b\.ndjson/],
		[['export', 'a.ndjson', '--format', 'pdf'], /--format "pdf" is not known \(allowed: chrome-trace\)/],
		[['default', '--headless', '--strict'], /--strict applies to reading a recording/],
		[['default', '--headless', '-o', 'x.json'], /-o\/--output applies to spf-top export/],
		[['verify', 'a.ndjson', '--seed', '3'], /spf-top verify takes the scenario and machine from the recording; drop --seed/],
		[['--record', ''], /--record needs a file name/],
		[['default', '--live'], /--live applies to --record/],
		[['default', '--live', '--record', 'a.ndjson', '--headless'], /--live and --headless cannot be used together/],
	];
	for (const [args, message] of cases) cleanError(spf(args), 2, message);
	const file = temp.path('self.ndjson');
	assert.equal(spf([...machine, '--record', file]).status, 0);
	cleanError(spf(['export', file, '-o', file]), 2, /would overwrite the recording it reads/);
});
