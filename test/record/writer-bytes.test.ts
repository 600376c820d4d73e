// The writer hands the encoder's bytes to the hash and the file as they are: plain and gzip
// files hold the same text, and the trailer's checksum is that of the body's bytes.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {after, test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import fc from 'fast-check';
import {maxDecimalBytes, writeDecimal} from '../../source/record/decimal.ts';
import {RecordWriter} from '../../source/record/writer.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSummary, finishSummary} from '../../source/stream/index.ts';
import {describeRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

test('writeDecimal writes what String(n) does, for any number', () => {
	const buffer = Buffer.alloc(maxDecimalBytes);
	const same = (n: number): boolean => buffer.toString('latin1', 0, writeDecimal(buffer, 0, n)) === String(n);
	for (const n of [0, -0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 47, 1e15, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 0.5, -1e-7, -0.0000010006839786244752, 1e21, NaN, Infinity, -2.2250738585072014e-308]) {
		assert.ok(same(n), String(n));
	}
	fc.assert(fc.property(fc.maxSafeInteger(), same), {numRuns: 10_000});
	fc.assert(fc.property(fc.integer(), same), {numRuns: 10_000});
	fc.assert(fc.property(fc.double(), same), {numRuns: 10_000});
});

test('plain and gzip recordings of over a MiB hold the same text, and the checksum covers every byte before the trailer', () => {
	const run = describeRun('default', 4);
	const events: SimEvent[] = [];
	for (let i = 0; i < 100_000; i++) {
		events.push({type: 'lock-release', t: i * 3, cpu: i % 4, fn: 'do_anonymous_page', lock: `ptl@0x${(0x7f0000000000 + (i % 512) * 0x200000).toString(16)}`, mode: 'spin', holdNs: i % 1000});
	}
	const texts = ['plain.ndjson', 'gzip.ndjson.gz'].map(name => {
		const writer = new RecordWriter(temp.path(name), run, {flushEvents: 333});
		for (let i = 0; i < events.length; i += 250) writer.write(events.slice(i, i + 250));
		const result = writer.finish({complete: true, reason: null, endNs: events.at(-1)!.t, summary: finishSummary(createSummary(4), events.at(-1)!.t)});
		const bytes = readFileSync(temp.path(name));
		const text = name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
		assert.equal(result.textBytes, text.length);
		assert.equal(result.fileBytes, bytes.length);
		return text;
	});
	assert.ok(texts[0]!.length > 1.5 * 1024 * 1024, `${texts[0]!.length} bytes, several gzip members`);
	assert.ok(texts[0]!.equals(texts[1]!));
	const text = texts[0]!.toString('utf8');
	// Every byte before the trailer, the header's included.
	const body = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
	const trailer = JSON.parse(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)) as {checksum: string; events: number};
	assert.equal(trailer.events, events.length);
	assert.equal(trailer.checksum, `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`);
});
