// Every kind of bad recording, each its own test: readers must fail with a RecordError that
// names the file and the line (never a stack trace, a hang or unbounded memory), or read what
// is whole and say where it stopped.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {openRecording, type RecordingEnd} from '../../source/record/reader.ts';
import {createReplaySource} from '../../source/record/replay-source.ts';
import {verifyRecording} from '../../source/record/verify.ts';
import {exportChromeTrace} from '../../source/record/export-trace.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Writable} from 'node:stream';
import {describeRun, recordRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

let text = '';
let lines: string[] = [];
let events: SimEvent[] = [];
let header: Record<string, unknown> = {};

before(async () => {
	const file = temp.path('good.ndjson');
	events = (await recordRun(describeRun('default', 2, 500_000), file)).events;
	text = readFileSync(file, 'utf8');
	lines = text.trimEnd().split('\n');
	header = JSON.parse(lines[0]!) as Record<string, unknown>;
});

let counter = 0;
function write(content: string | Buffer): string {
	const file = temp.path(`bad-${counter++}.ndjson`);
	writeFileSync(file, content);
	return file;
}

/** `list` with `items` inserted before index `at` (ES2022 has no toSpliced). */
function inserted(list: readonly string[], at: number, ...items: string[]): string[] {
	return [...list.slice(0, at), ...items, ...list.slice(at)];
}

/** The good file with its body changed by `change` (and maybe another header) and a trailer recomputed to match. */
function reseal(change: (body: string[]) => string[], trailerChange: (trailer: Record<string, unknown>) => void = () => {}, headerLine = lines[0]!): string {
	const body = change(lines.slice(1, -1));
	const bodyText = body.map(line => line + '\n').join('');
	const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
	trailer['events'] = body.filter(line => /^\[\s*-?\d/.test(line)).length;
	trailer['lines'] = body.length;
	trailer['checksum'] = `sha256:${createHash('sha256').update(headerLine + '\n' + bodyText).digest('hex')}`;
	trailerChange(trailer);
	return headerLine + '\n' + bodyText + JSON.stringify(trailer) + '\n';
}

interface Read {
	readonly events: SimEvent[];
	readonly end: RecordingEnd;
}

async function read(file: string, strict = false): Promise<Read> {
	const reader = await openRecording(file, {strict});
	const got: SimEvent[] = [];
	for await (const batch of reader.batches()) got.push(...batch);
	return {events: got, end: reader.end};
}

async function fails(file: string, message: RegExp, strict = false): Promise<void> {
	await assert.rejects(read(file, strict), error => {
		assert.equal((error as Error).name, 'RecordError', (error as Error).stack);
		assert.ok((error as Error).message.startsWith(file), `names the file: ${(error as Error).message}`);
		assert.match((error as Error).message, message);
		return true;
	});
}

const eventLines = (): number[] => lines.flatMap((line, i) => (/^\[\d/.test(line) ? [i] : []));

test('the good file reads whole', async () => {
	const got = await read(temp.path('good.ndjson'));
	assert.deepStrictEqual(got.events, events);
	assert.equal(got.end.status, 'complete');
	assert.equal(got.end.unknownLines, 0);
});

test('truncated inside the header: an error, there is nothing to read', async () => {
	await fails(write(lines[0]!.slice(0, 200)), /truncated inside its header \(line 1 is incomplete\)/);
});

test('truncated right after the header: no events, truncated after line 1', async () => {
	const got = await read(write(lines[0] + '\n'));
	assert.deepEqual(got.events, []);
	assert.equal(got.end.status, 'truncated');
	assert.equal(got.end.truncatedAfterLine, 1);
});

test('truncated in the middle of an event line: the whole lines before it are read', async () => {
	const cut = eventLines()[Math.floor(eventLines().length / 2)]!;
	const content = lines.slice(0, cut).join('\n') + '\n' + lines[cut]!.slice(0, 7);
	const got = await read(write(content));
	assert.equal(got.end.status, 'truncated');
	assert.equal(got.end.truncatedAfterLine, cut);
	const whole = lines.slice(1, cut).filter(line => /^\[\d/.test(line)).length;
	assert.deepStrictEqual(got.events, events.slice(0, whole));
	assert.equal(got.end.endNs, events[whole - 1]!.t);
});

test('truncated at a line boundary just before the trailer', async () => {
	const got = await read(write(lines.slice(0, -1).join('\n') + '\n'));
	assert.equal(got.end.status, 'truncated');
	assert.equal(got.end.truncatedAfterLine, lines.length - 1);
	assert.deepStrictEqual(got.events, events);
});

test('truncated inside the trailer', async () => {
	const got = await read(write(text.slice(0, text.length - 40)));
	assert.equal(got.end.status, 'truncated');
	assert.deepStrictEqual(got.events, events);
});

test('a last line that lost only its newline is whole', async () => {
	const got = await read(write(text.trimEnd()));
	assert.equal(got.end.status, 'complete');
});

test('--strict makes a truncated file an error naming the line', async () => {
	const cut = eventLines()[3]!;
	await fails(write(lines.slice(0, cut).join('\n') + '\n' + lines[cut]!.slice(0, 3)), new RegExp(`truncated after line ${cut} \\(the next line is incomplete\\)`), true);
	await fails(write(lines.slice(0, -1).join('\n') + '\n'), new RegExp(`truncated after line ${lines.length - 1}:`), true);
});

test('truncated files replay and export what is whole', async () => {
	const file = write(lines.slice(0, -1).join('\n') + '\n');
	const replay = await createReplaySource(file);
	try {
		assert.equal(replay.end.status, 'truncated');
		assert.equal(replay.durationNs, events.at(-1)!.t);
		assert.deepStrictEqual(replay.advance(replay.durationNs), events);
	} finally {
		replay.close();
	}
	const verified = await verifyRecording(file);
	assert.equal(verified.identical, true);
	const result = await exportChromeTrace(file, new Writable({write: (_chunk, _encoding, done) => done()}));
	assert.equal(result.end.status, 'truncated');
});

test('an empty file', async () => {
	await fails(write(''), /the file is empty: not an spf-top recording/);
});

test('a directory instead of a file', async () => {
	const dir = temp.path('a-directory.ndjson');
	mkdirSync(dir);
	await assert.rejects(openRecording(dir), {name: 'RecordError', message: `${dir} is a directory, not a recording`});
	await assert.rejects(createReplaySource(dir), {name: 'RecordError', message: /is a directory/});
});

test('a missing file', async () => {
	await assert.rejects(openRecording(temp.path('missing.ndjson')), {name: 'RecordError', message: /cannot read .*missing\.ndjson: no such file/});
});

test('a FIFO is refused rather than waited on', async () => {
	const fifo = temp.path('fifo.ndjson');
	try {
		execFileSync('mkfifo', [fifo]);
	} catch {
		return;
	}
	await assert.rejects(openRecording(fifo), {name: 'RecordError', message: /is not a regular file/});
});

test('line 1 that is not JSON: not an spf-top recording', async () => {
	await fails(write('hello, world\n'), /not an spf-top recording \(line 1 is not JSON\)/);
});

test('line 1 that is JSON but not an spf-top header', async () => {
	await fails(write('{"format":"something-else","version":1}\n'), /not an spf-top recording \(line 1 has no "format": "spf-top-record"\)/);
	await fails(write('[1,2,3]\n'), /not an spf-top recording/);
});

test('a header with a bad field names the field', async () => {
	const bad = JSON.stringify({...header, topology: {cpus: 0, sockets: 1}});
	await fails(write([bad, ...lines.slice(1)].join('\n') + '\n'), /line 1: header\.topology\.cpus: expected an integer from 1 to 1024, got 0/);
	const noScenario = JSON.stringify({...header, scenario: 'default'});
	await fails(write([noScenario, ...lines.slice(1)].join('\n') + '\n'), /line 1: header\.scenario: expected an object, got "default"/);
});

test('a newer major version is a clear error', async () => {
	const newer = JSON.stringify({...header, version: 3, tool: 'spf-top 9.0.0'});
	await fails(write(newer + '\n' + lines.slice(1).join('\n') + '\n'), /recording format version 3 \(by spf-top 9\.0\.0\); this spf-top reads versions 2 to 2: upgrade spf-top/);
});

test('version 1, whose checksum left the header out, is refused with what to do', async () => {
	const old = JSON.stringify({...header, version: 1, tool: 'spf-top 0.1.0'});
	await fails(write(old + '\n' + lines.slice(1).join('\n') + '\n'), /recording format version 1 \(by spf-top 0\.1\.0\), whose checksum does not cover the header; this spf-top reads version 2: record the run again/);
});

test('a garbage line names the line', async () => {
	const at = eventLines()[5]!;
	await fails(write(reseal(body => inserted(body, at - 1, 'this is not json'))), new RegExp(`line ${at + 1} is not JSON`));
});

test('a huge line is refused after 1 MiB, without reading the rest', async () => {
	const huge = 'x'.repeat(3 * 1024 * 1024);
	await fails(write(lines[0] + '\n' + huge + '\n' + lines.slice(1).join('\n')), /line 2 is longer than 1 MiB/);
});

test('a multi-gigabyte single line is refused after 1 MiB in bounded memory', async () => {
	// A sparse 4 GiB file: one line of NUL bytes, never a newline.
	const file = temp.path('huge.ndjson');
	const fd = openSync(file, 'w');
	writeSync(fd, 'x', 4 * 1024 ** 3);
	closeSync(fd);
	const before = process.memoryUsage().rss;
	const started = performance.now();
	await fails(file, /line 1 is longer than 1 MiB/);
	assert.ok(performance.now() - started < 5000, 'stops early');
	assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'bounded memory');
});

test('deeply nested JSON in an event line or the header is an error, not a crash', async () => {
	const deep = '['.repeat(500_000) + ']'.repeat(500_000);
	await fails(write(reseal(body => [...body, `[0,0,1,${deep},0,0,0,0,0,0]`])), /fault-end fn: expected a string or a string id, got an array/);
	const nested = lines[0]!.replace('"scenario":{', `"deep":${deep},"scenario":{`);
	await fails(write(nested + '\n' + lines.slice(1).join('\n') + '\n'), /line 1: header: nested more than 32 levels deep/);
	await fails(write(reseal(body => body, trailer => (trailer['summary'] = JSON.parse('['.repeat(1000) + ']'.repeat(1000)))) ), /trailer: nested more than 32 levels deep/);
});

test('__proto__ keys are inert', async () => {
	const polluted = lines[0]!.replace('{"format"', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"format"');
	assert.notEqual(polluted, lines[0]);
	// In the costs, a closed set of names, `__proto__` is an unknown cost name: refused.
	const pollutedCosts = lines[0]!.replace(/"costs":\{(\}?)/, (_, empty: string) => `"costs":{"__proto__":{"polluted":true}${empty === '}' ? '}' : ','}`);
	await fails(write(reseal(body => body, () => {}, pollutedCosts)), /header\.scenario\.costs: "__proto__" is not a cost name this spf-top knows/);
	const injection = '[0,0,14,"inject",{"__proto__":{"polluted":true},"kind":"munmap","mm":0,"vma":1}]';
	const file = write(reseal(body => [...body, injection], trailer => (trailer['summary'] = JSON.parse('{"__proto__":{"polluted":true}}')), polluted));
	const got = await read(file);
	assert.equal(got.end.status, 'complete');
	assert.deepEqual(got.events.at(-1), {type: 'inject', t: events.at(-1)!.t, cpu: 0, fn: 'inject', injection: {kind: 'munmap', mm: 0, vma: 1}});
	assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
	assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

test('unknown line kinds are counted and skipped; unknown event types still count their time', async () => {
	const at = eventLines()[10]!;
	const file = write(
		reseal(body =>
			inserted(body, at - 1, '["note","a line kind from the future"]', '{"kind":"marker","label":"here"}', '[5,0,99,"future-event",1,2,3]'),
		),
	);
	const got = await read(file);
	assert.equal(got.end.status, 'complete');
	assert.equal(got.end.unknownLines, 3);
	// The skipped event's 5 ns shift every later event by 5 ns.
	const index = lines.slice(1, at).filter(line => /^\[\d/.test(line)).length;
	assert.deepStrictEqual(got.events.slice(0, index), events.slice(0, index));
	assert.deepStrictEqual(got.events.slice(index), events.slice(index).map(e => ({...e, t: e.t + 5})));
});

test('unknown fields are ignored', async () => {
	const extended = lines[0]!.replace('{"format"', '{"future":{"a":[1,2,3]},"format"').replace('"topology":{', '"topology":{"numaNodes":4,');
	const body = (list: string[]) => list.map(line => (/^\[\d/.test(line) ? line.replace(/\]$/, ',42,"extra"]') : line));
	const file = write(reseal(body, trailer => (trailer['future'] = 'yes'), extended));
	const got = await read(file);
	assert.deepStrictEqual(got.events, events);
	assert.equal(got.end.unknownLines, 0);
});

test('a string id used before its definition', async () => {
	const at = eventLines()[0]!;
	await fails(write(reseal(body => inserted(body, at - 1, '[0,0,0,9999,0,4096,1]'))), new RegExp(`line ${at + 1}: fault-start fn: string id 9999 is not defined`));
});

test('string ids out of order', async () => {
	await fails(write(reseal(body => ['["s",5,"five"]', ...body])), /line 2: string definition: expected id 0 \(ids count up from 0\), got 5/);
});

test('time going backwards, a CPU outside the machine, an unknown closed-set value', async () => {
	await fails(write(reseal(body => [...body, '[-1,0,0,0,0,4096,1]'])), /time delta: expected a whole number of ns of at least 0/);
	await fails(write(reseal(body => [...body, '[1,2,0,0,0,4096,1]'])), /fault-start cpu: expected -1 to 1, got 2/);
	await fails(write(reseal(body => [...body, '[1,0,1,0,0,4096,"maybe","classic","anon",10]'])), /fault-end outcome: "maybe" is not known \(allowed: ok, sigsegv, retry\)/);
	await fails(write(reseal(body => [...body, '[1,0,0,0,0,4096,2]'])), /fault-start write: expected 0 or 1, got 2/);
	await fails(write(reseal(body => [...body, '[1,0,4,0]'])), /lock-acquire needs 7 values, got 4/);
	await fails(write(reseal(body => [...body, '[1,0,14,"inject",{"kind":"reboot","mm":0}]'])), /inject kind: expected mmap, munmap, mprotect or fault-storm, got "reboot"/);
	await fails(write(reseal(body => [...body, '[1,0,0,0,0,1e400,1]'])), /fault-start addr: expected a number, got Infinity/);
});

test('a trailer that does not match the body: counts or checksum', async () => {
	await fails(write(reseal(body => body, trailer => (trailer['events'] = 3))), /the trailer counts 3 events but the file holds \d+: the file was damaged or edited/);
	const tampered = reseal(body => body).replace(/^\[(\d+),0,/m, (_, dt: string) => `[${Number(dt) + 1},0,`);
	await fails(write(tampered), /the checksum of the event stream does not match the trailer's/);
});

test('a line after the trailer, and a second header', async () => {
	await fails(write(text + '[1,0,0,0,0,4096,1]\n'), new RegExp(`line ${lines.length + 1} comes after the end trailer`));
	await fails(write(text + '[1,0,0'), new RegExp(`line ${lines.length + 1} comes after the end trailer`));
	await fails(write(reseal(body => [lines[0]!, ...body])), /line 2 is a second header/);
});

test('a gzip file that is damaged, or cut short', async () => {
	const gz = gzipSync(text);
	const damaged = Buffer.from(gz);
	damaged.fill(0x55, 20, 60);
	await assert.rejects(read(write(damaged)), {name: 'RecordError'});
	const cut = await read(write(gz.subarray(0, Math.floor(gz.length * 0.7))));
	assert.equal(cut.end.status, 'truncated');
	assert.ok(cut.events.length > 0 && cut.events.length < events.length);
	assert.deepStrictEqual(cut.events, events.slice(0, cut.events.length));
});
