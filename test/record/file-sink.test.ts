// The file sink writes on a thread of its own behind a synchronous API: what `commit` and
// `abort` have done is done when they return, errors met on the thread reach the writer, and
// the bytes are those written in this thread (as for FIFOs, or where no thread can start).
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import * as fs from 'node:fs';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import * as zlib from 'node:zlib';
import {FileSink} from '../../source/record/file-sink.ts';
import {fileOutput} from '../../source/record/file-output.ts';
import {readyMs, until} from '../until.ts';
import {tempDir} from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = tempDir();
after(() => temp.remove());

/** Writes of 1 B to 400 KiB (some larger than what is moved to the thread at once), over 3 MiB in all. */
function writes(seed: number): Buffer[] {
	const pieces: Buffer[] = [];
	let state = seed;
	const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	for (let total = 0; total < 3 * 1024 * 1024; ) {
		const size = next() < 0.05 ? Math.floor(next() * 400 * 1024) + 1 : Math.floor(next() * 40 * 1024) + 1;
		const piece = Buffer.alloc(size);
		for (let i = 0; i < size; i++) piece[i] = 0x61 + ((i * 7 + total) % 26);
		piece[size - 1] = 0x0a;
		pieces.push(piece);
		total += size;
	}
	return pieces;
}

/** What the sink wrote before it had a thread: a gzip member closes after the write that brings it to 1 MiB. */
function gzipMembers(pieces: readonly Buffer[]): Buffer {
	const members: Buffer[] = [];
	let member: Buffer[] = [];
	let bytes = 0;
	for (const piece of [...pieces, null]) {
		if (piece !== null) {
			member.push(piece);
			bytes += piece.length;
		}
		if (bytes >= 1024 * 1024 || (piece === null && bytes > 0)) {
			members.push(zlib.gzipSync(Buffer.concat(member), {level: 3}));
			member = [];
			bytes = 0;
		}
	}
	return Buffer.concat(members);
}

/** Writes `pieces` through a sink, reusing one buffer as the writer does. */
function record(file: string, pieces: readonly Buffer[]): FileSink {
	const sink = new FileSink(file);
	const reused = Buffer.alloc(Math.max(...pieces.map(piece => piece.length)));
	for (const piece of pieces) {
		piece.copy(reused);
		sink.write(reused.subarray(0, piece.length));
		reused.fill(0);
	}
	return sink;
}

const leftOver = (name: string): string[] => fs.readdirSync(temp.dir).filter(entry => entry.startsWith(`${name}.`));

for (const name of ['sync.ndjson', 'sync.ndjson.gz']) {
	test(`commit returns with ${name} in place, every byte of it: nothing is awaited`, () => {
		const pieces = writes(name.length);
		const text = Buffer.concat(pieces);
		const file = temp.path(name);
		const sink = record(file, pieces);
		sink.commit();
		const bytes = fs.readFileSync(file);
		assert.deepEqual(leftOver(name), [], 'no partial file');
		assert.equal(sink.textBytes, text.length);
		assert.equal(sink.fileBytes, bytes.length);
		if (name.endsWith('.gz')) {
			assert.ok(zlib.gunzipSync(bytes).equals(text));
			assert.ok(bytes.equals(gzipMembers(pieces)), 'the same gzip members as written in one thread');
		} else {
			assert.ok(bytes.equals(text));
		}
	});
}

test('a thread that falls behind (compressing what does not compress) makes the writer wait, and the file is whole', () => {
	const pieces = Array.from({length: 512}, () => randomBytes(64 * 1024));
	const file = temp.path('behind.ndjson.gz');
	record(file, pieces).commit();
	assert.ok(zlib.gunzipSync(fs.readFileSync(file)).equals(Buffer.concat(pieces)));
});

test('the output in this thread (where no writer thread can start) writes the same bytes as the thread', () => {
	for (const name of ['same.ndjson', 'same.ndjson.gz']) {
		const pieces = writes(7);
		const threaded = temp.path(name);
		record(threaded, pieces).commit();
		const here = temp.path(`here-${name}`);
		const partial = `${here}.partial`;
		const output = fileOutput({fd: fs.openSync(partial, 'w'), file: here, temp: partial, gzip: name.endsWith('.gz'), stdout: false});
		for (const piece of pieces) output.write(piece);
		assert.equal(output.commit(), fs.readFileSync(here).length);
		assert.ok(fs.readFileSync(here).equals(fs.readFileSync(threaded)), name);
		assert.equal(fs.existsSync(partial), false);
	}
});

test('abort removes the partial file before it returns; a second abort is harmless and a later write an error', () => {
	const file = temp.path('aborted.ndjson');
	const sink = record(file, writes(3));
	assert.equal(leftOver('aborted.ndjson').length, 1, 'the partial file while recording');
	sink.abort();
	assert.deepEqual(leftOver('aborted.ndjson'), []);
	assert.equal(fs.existsSync(file), false);
	sink.abort();
	assert.throws(() => sink.write(Buffer.from('x\n')), {name: 'RecordError', message: /cannot write .*aborted\.ndjson: the recording is already closed/});
});

test('the writer thread runs while a file is open, and is gone once it is committed', {skip: !fs.existsSync('/proc/self/task')}, async () => {
	const threads = (): number => fs.readdirSync('/proc/self/task').length;
	const settled = async (): Promise<number> => {
		// Threads of the tests before may still be ending.
		for (let count = threads(), same = 0; ; await new Promise(resolve => setTimeout(resolve, 20))) {
			same = threads() === count ? same + 1 : 0;
			count = threads();
			if (same === 10) return count;
		}
	};
	const before = await settled();
	const sink = record(temp.path('threads.ndjson'), writes(5).slice(0, 10));
	assert.ok(threads() > before, `${threads()} threads, ${before} before`);
	sink.commit();
	// The thread ends by itself once it has answered: wait for it to go (a loaded machine may take a while).
	await until('the writer thread to end', () => (threads() <= before ? true : null), undefined, () => `${threads()} threads, ${before} before`, 20);
	assert.equal(await settled(), before);
});

/**
 * Runs `script` (TypeScript, given the sink module's URL and a directory) in a child process,
 * under `shell` settings. Under tsx each writer thread registers tsx before it starts: hundreds
 * of ms on a loaded machine, hence the minute.
 */
function child(script: string, shell = ''): {status: number | null; signal: string | null; stdout: string; stderr: string} {
	const dir = temp.path(`child-${Math.random().toString(36).slice(2)}`);
	fs.mkdirSync(dir);
	const file = `${dir}/child.mts`;
	fs.writeFileSync(file, script.replaceAll('SINK', new URL('../../source/record/file-sink.ts', import.meta.url).href));
	const result = spawnSync('bash', ['-c', `${shell} exec "${process.execPath}" --import tsx "${file}" "${dir}"`], {encoding: 'utf8', cwd: root, timeout: 2 * readyMs});
	return {status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr};
}

test('a write that fails on the writer thread is a RecordError at a later write or at commit, and leaves no file', () => {
	// A file-size limit of 1 MiB: the thread's writes past it fail with EFBIG (Node ignores SIGXFSZ).
	const result = child(
		`
		import {readdirSync} from 'node:fs';
		import {randomBytes} from 'node:crypto';
		import {FileSink} from 'SINK';
		const dir = process.argv[2];
		const outcomes = {};
		async function attempt(name, chunk, finish) {
			const sink = new FileSink(dir + '/' + name);
			try {
				for (let i = 0; i < 64; i++) sink.write(chunk);
				await finish(sink);
				outcomes[name] = {message: 'no error'};
			} catch (error) {
				outcomes[name] = {name: error.name, message: error.message};
			}
			outcomes[name].left = readdirSync(dir).filter(entry => entry.startsWith(name));
		}
		const text = Buffer.alloc(64 * 1024, 'spf-top\\n');
		// Until the thread's failure shows at a write, within the readiness deadline (a loaded machine is slow).
		await attempt('late.ndjson', text, async sink => {
			for (const end = Date.now() + ${readyMs}; Date.now() < end; ) {
				await new Promise(resolve => setTimeout(resolve, 10));
				sink.write(text);
			}
		});
		await attempt('commit.ndjson', text, sink => sink.commit());
		await attempt('commit.ndjson.gz', randomBytes(64 * 1024), sink => sink.commit());
		console.log(JSON.stringify(outcomes));
		`,
		'ulimit -f 1024;',
	);
	assert.equal(result.status, 0, result.stderr);
	const outcomes = JSON.parse(result.stdout) as Record<string, {name: string; message: string; left: string[]}>;
	for (const [name, outcome] of Object.entries(outcomes)) {
		assert.equal(outcome.name, 'RecordError', `${name}: ${outcome.message}`);
		assert.match(outcome.message, /^cannot write .*: file too large \(EFBIG\)$/, name);
		assert.deepEqual(outcome.left, [], `${name}: no file left`);
	}
	assert.deepEqual(Object.keys(outcomes), ['late.ndjson', 'commit.ndjson', 'commit.ndjson.gz']);
});

test('an open recording never keeps the process alive', () => {
	const result = child(`
		import {FileSink} from 'SINK';
		new FileSink(process.argv[2] + '/open.ndjson').write(Buffer.from('left open\\n'));
	`);
	assert.equal(result.signal, null, 'ended by itself');
	assert.equal(result.status, 0, result.stderr);
});

test('a FIFO is written in place, in this thread', async () => {
	const fifo = temp.path('fifo.ndjson.gz');
	const out = temp.path('fifo-read.gz');
	spawnSync('mkfifo', [fifo]);
	// The reader is another process: opening a FIFO waits for one, and so does writing a full one.
	const reader = spawn('sh', ['-c', `cat "${fifo}" > "${out}"`]);
	const closed = new Promise(resolve => reader.on('close', resolve));
	const pieces = [randomBytes(100 * 1024), Buffer.from('spf-top\n'.repeat(300_000))];
	const sink = record(fifo, pieces);
	sink.commit();
	await closed;
	assert.ok(zlib.gunzipSync(fs.readFileSync(out)).equals(Buffer.concat(pieces)));
	assert.deepEqual(leftOver('fifo.ndjson.gz'), []);
});
