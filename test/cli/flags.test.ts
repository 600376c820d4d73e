import assert from 'node:assert/strict';
import {test} from 'node:test';
import {spfTop} from './spawn.ts';

/** One line on stderr, no stack trace, exit 2. */
function usageError(args: string[], message: RegExp): void {
	const r = spfTop(...args);
	assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
	assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
	assert.doesNotMatch(r.stderr, /\n\s+at /);
	assert.match(r.stderr.trimEnd(), message, args.join(' '));
	assert.equal(r.stdout, '');
}

test('a single-value flag given twice is a one-line usage error naming both values', () => {
	usageError(['--cpus', '8', '--cpus', '16'], /^spf-top: --cpus given twice \("8" and "16"\); give it once$/);
	usageError(['compare', '-o', 'a', '--output=b'], /-o\/--output given twice \("a" and "b"\)/);
});

test('on/off flags take no value: --json=1 and --headless=maybe are errors, not false', () => {
	usageError(['--headless', '--json=1'], /--json takes no value, got "--json=1" \(on\/off flags: write --json for on/);
	usageError(['--headless=maybe'], /--headless takes no value, got "--headless=maybe"/);
	usageError(['--headless=true'], /--headless takes no value/);
});

test('unknown flags, ---cpus included, are named, with the nearest known flag', () => {
	usageError(['---cpus', '4', '--headless'], /^spf-top: unknown flag ---cpus \(did you mean --cpus\?\)/);
	usageError(['--cpu', '4'], /unknown flag --cpu \(did you mean --cpus\?\)/);
	usageError(['-x'], /unknown flag -x/);
});

test('a flag that needs a value and has none says so', () => {
	usageError(['--headless', '--record'], /^spf-top: --record needs a value$/);
	usageError(['--record', '--headless'], /--record needs a value, got the flag --headless/);
});

test('numbers are plain decimal integers: 0x10, 1e3, 08 and +4 are rejected with the allowed form', () => {
	usageError(['--headless', '--cpus', '0x10'], /^spf-top: --cpus "0x10" is not an integer from 1 to 1024 \(write it in plain decimal digits, e\.g\. 16\)$/);
	usageError(['--headless', '--cpus', '1e3'], /--cpus "1e3" is not an integer from 1 to 1024 \(write it in plain decimal digits, e\.g\. 1000\)/);
	usageError(['--headless', '--seed', '08'], /--seed "08" is not an integer from 0 to 4294967295 \(write it in plain decimal digits, e\.g\. 8\)/);
	usageError(['--headless', '--sockets', '+4'], /--sockets "\+4" is not an integer/);
	usageError(['sweep', '--cpus', '1,0x2'], /--cpus "1,0x2" is not a list of integers in plain decimal/);
	usageError(['compare', '-j', '1.0'], /-j\/--jobs "1\.0" is not an integer from 1 to 1024/);
});

test('a duration without a unit is an error that names the units', () => {
	usageError(['--headless', '--duration', '5'], /^spf-top: --duration "5" has no unit; give a unit: 5ms, 500us, 1s$/);
	usageError(['compare', '--duration', '2.5'], /--duration "2\.5" has no unit; give a unit/);
	const r = spfTop('--headless', '--duration', '500us');
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /^simulated\s+500\.00 µs/m);
});

test('flags a command does not take are errors that list the flags it does take', () => {
	usageError(['--json'], /^spf-top: --json is for headless output \(--headless, --record, compare, check, sweep, merge\); the live dashboard prints none: add --headless$/);
	usageError(['--replay', 'x.ndjson', '--json'], /--json is for headless output/);
	usageError(['verify', 'x.ndjson', '--json'], /^spf-top: --json does not apply to spf-top verify \(its flags: --strict\)$/);
	usageError(['export', 'x.ndjson', '--json'], /--json does not apply to spf-top export \(its flags: --strict, --format, -o\/--output\)/);
	usageError(['scenarios', '--cpus', '4'], /^spf-top: --cpus does not apply to spf-top scenarios \(it takes no flags\)$/);
	usageError(['check', '--seeds', '1..2'], /--seeds applies to spf-top sweep/);
});

test('flags still work as --flag=value, -o value, -j2 and after --', () => {
	const r = spfTop('page-fault1', '--headless', '--json', '--cpus=2', '--duration=1ms');
	assert.equal(r.code, 0, r.stderr);
	assert.equal(JSON.parse(r.stdout).cpus, 2);
	usageError(['--headless', '--', '--cpus'], /no such file|not a built-in scenario/);
});
