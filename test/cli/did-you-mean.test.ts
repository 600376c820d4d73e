import assert from 'node:assert/strict';
import {test} from 'node:test';
import {spfTop} from './spawn.ts';

/** One line on stderr, exit 2, nothing on stdout. */
function usageError(args: string[], message: RegExp): void {
	const r = spfTop(...args);
	assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
	assert.equal(r.stdout, '');
	assert.match(r.stderr.trimEnd(), message, args.join(' '));
}

test('a misspelt command is answered with the command, not as a missing scenario file', () => {
	usageError(['comapre'], /^spf-top: unknown command "comapre", did you mean "compare"\? \(spf-top --help lists the commands\)$/);
	usageError(['help', 'comapre'], /^spf-top: spf-top help takes one command, got "comapre", did you mean "compare"\? \(commands: /);
	// A word far from every command is still read as a scenario.
	usageError(['nosuch', '--headless'], /^spf-top: nosuch: no such file, and not a built-in scenario \(built-in: /);
});

test('a misspelt scenario name or --scheme is answered with the nearest known one', () => {
	usageError(['pft2', '--headless'], /^spf-top: pft2: no such file, and not a built-in scenario, did you mean "pft"\?/);
	usageError(['compare', 'pft2'], /^spf-top: pft2: no such file, and not a built-in scenario, did you mean "pft"\?/);
	usageError(['--scheme', 'spf-v2', '--headless'], /^spf-top: --scheme "spf-v2" is not known, did you mean "spf-v12"\? \(allowed: mmap-sem, /);
});
