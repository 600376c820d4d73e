import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseDuration, parseSize} from '../../source/scenarios/index.ts';

test('parseSize reads binary units and plain bytes', () => {
	assert.equal(parseSize('4KiB'), 4096);
	assert.equal(parseSize('2MiB'), 2 * 1024 * 1024);
	assert.equal(parseSize('128MiB'), 128 * 1024 * 1024);
	assert.equal(parseSize('1GiB'), 1024 ** 3);
	assert.equal(parseSize('1TiB'), 1024 ** 4);
	assert.equal(parseSize('1.5MiB'), 1536 * 1024);
	assert.equal(parseSize('4096'), 4096);
	assert.equal(parseSize('0'), 0);
	assert.equal(parseSize(' 8 KiB '), 8192);
	assert.equal(parseSize('12B'), 12);
});

test('parseSize rejects what is not a whole size, saying what is allowed', () => {
	assert.throws(() => parseSize('fast'), {message: 'expected a size like 4KiB, got "fast" (allowed units: B, KiB, MiB, GiB, TiB; a plain number is bytes)'});
	for (const bad of ['', '-4KiB', '4MB', '4kib', '4 K', '1e3', 'KiB', '4KiB4']) {
		assert.throws(() => parseSize(bad), /expected a size like 4KiB/, bad);
	}
	assert.throws(() => parseSize('1.5B'), {message: '"1.5B" is not a whole number of bytes'});
	assert.throws(() => parseSize('99999999TiB'), {message: '"99999999TiB" is too large'});
});

test('parseDuration reads ns, us, µs, ms, s and plain nanoseconds', () => {
	assert.equal(parseDuration('20ms'), 20_000_000);
	assert.equal(parseDuration('5us'), 5000);
	assert.equal(parseDuration('5µs'), 5000);
	assert.equal(parseDuration('100ns'), 100);
	assert.equal(parseDuration('1s'), 1_000_000_000);
	assert.equal(parseDuration('1.1ms'), 1_100_000);
	assert.equal(parseDuration('250'), 250);
});

test('parseDuration rejects what is not a whole duration, saying what is allowed', () => {
	assert.throws(() => parseDuration('soon'), {message: 'expected a duration like 20ms, got "soon" (allowed units: ns, us, µs, ms, s; a plain number is nanoseconds)'});
	for (const bad of ['', '-1ms', '5m', '1h', '20 msec', 'ms']) {
		assert.throws(() => parseDuration(bad), /expected a duration like 20ms/, bad);
	}
	assert.throws(() => parseDuration('0.5ns'), {message: '"0.5ns" is not a whole number of nanoseconds'});
});
