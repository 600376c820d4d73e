import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {spfTop} from './spawn.ts';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version;

test('--help and -h anywhere on the line print the help for that command and never run it', () => {
	const compare = spfTop('compare', 'pft', '--cpus', '64', '--duration', '1s', '--help');
	assert.equal(compare.code, 0, compare.stderr);
	assert.match(compare.stdout, /^\s+\$ spf-top compare \[scenario\]/m);
	assert.match(compare.stdout, /--schemes A,B/);
	assert.doesNotMatch(compare.stdout, /--record FILE|spf-top verify FILE|vs mmap-sem/, 'compare help only, no table');
	const check = spfTop('-h', 'check');
	assert.equal(check.code, 0);
	assert.match(check.stdout, /\$ spf-top check \[scenario \.\.\.\]/);
	assert.doesNotMatch(check.stdout, /scenarios checked/);
	assert.equal(check.stderr, '');
	const verify = spfTop('verify', '--help');
	assert.match(verify.stdout, /Options\n {2}--strict /);
	assert.doesNotMatch(verify.stdout, /--cpus N|--headless/);
});

test('--help wins over a line that is otherwise wrong', () => {
	const r = spfTop('--cpus', '0x10', '--frobnicate', '--help');
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /^Usage$/m);
});

test('spf-top help [command]: all of it, one command, or a usage error naming the commands', () => {
	const all = spfTop('help');
	assert.equal(all.code, 0);
	assert.equal(all.stdout, spfTop('--help').stdout);
	const sweep = spfTop('help', 'sweep');
	assert.equal(sweep.code, 0);
	assert.equal(sweep.stdout, spfTop('sweep', '--help').stdout);
	assert.match(sweep.stdout, /--seeds 1\.\.5/);
	const run = spfTop('help', 'run');
	assert.match(run.stdout, /^Keys /m);
	assert.doesNotMatch(run.stdout, /--seeds/);
	const bad = spfTop('help', 'nosuch');
	assert.equal(bad.code, 2);
	assert.equal(bad.stderr.trim(), 'spf-top: spf-top help takes one command, got "nosuch" (commands: run, scenarios, compare, check, sweep, merge, explore, explain, verify, export, recover, trace, import, help)');
});

test('--version and -V anywhere print the version; with --json as JSON', () => {
	for (const args of [['--version'], ['-V'], ['compare', 'pft', '--version'], ['verify', '-V']]) {
		const r = spfTop(...args);
		assert.equal(r.code, 0, args.join(' '));
		assert.equal(r.stdout, `${version}\n`, args.join(' '));
	}
	const json = spfTop('--version', '--json');
	assert.equal(json.code, 0, json.stderr);
	assert.deepEqual(JSON.parse(json.stdout), {name: 'spf-top', version});
});

test('every flag the help documents for a command is accepted by it, and the help lists --no-color', () => {
	const help = spfTop('--help').stdout;
	assert.match(help, /--no-color\s+no colour \(the same as NO_COLOR=1\)/);
	const r = spfTop('scenarios', '--no-color');
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /^default\s/m);
});

test("the README's command reference is exactly what spf-top --help prints", () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	const block = /```\n\$ spf-top --help\n([\s\S]*?)```/.exec(readme);
	assert.ok(block !== null, 'README has a ```$ spf-top --help``` block');
	assert.equal(block[1], spfTop('--help').stdout);
});
