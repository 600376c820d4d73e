import assert from 'node:assert/strict';
import {test} from 'node:test';
import {nearestName} from '../../source/scenarios/did-you-mean.ts';
import {parseScenario, resolveScenarioArg, ScenarioError} from '../../source/scenarios/index.ts';

test('the nearest name is at most two edits away, and the first of equals wins', () => {
	assert.equal(nearestName('thread', ['name', 'count', 'threads']), 'threads');
	assert.equal(nearestName('strde', ['region', 'stride', 'slice']), 'stride');
	assert.equal(nearestName('bfu', ['heap', 'buf']), 'buf');
	assert.equal(nearestName('spf-v13', ['spf-v11', 'spf-v12']), 'spf-v11');
	assert.equal(nearestName('colour', ['costs', 'cpus', 'scheme']), undefined);
	// Two edits turn a two-letter word into almost anything: no suggestion for those.
	assert.equal(nearestName('xy', ['r', 'rw', 'rx']), undefined);
});

/** The messages `parseScenario` reports for `text`, without their locations. */
function whats(text: string): string[] {
	try {
		parseScenario(text, 'x.yaml');
	} catch (error) {
		assert.ok(error instanceof ScenarioError);
		return error.problems.map(p => p.what);
	}
	return assert.fail('expected the scenario to be rejected');
}

test('a misspelt key is answered with the key it is nearest, at every level', () => {
	const text = [
		'description: d',
		'sede: 4',
		'inject: {mmpa: {size: 8MiB}}',
		'expect: {violation: 0, caught: [{schme: per-vma}]}',
		'processes:',
		'  - name: p',
		'    thread: 2',
		'    mappings: [{name: heap, szie: 4MiB}]',
		'    program: [loop: {tims: 2, body: [touch: {region: heap, acess: read}]}]',
	].join('\n');
	const hints = whats(text).flatMap(what => /^unknown key "(\w+)", did you mean "(\w+)"\?/.exec(what)?.slice(1, 3).join('→') ?? []);
	assert.deepEqual(hints, ['sede→seed', 'mmpa→mmap', 'violation→violations', 'schme→scheme', 'thread→threads', 'szie→size', 'tims→times', 'acess→access']);
});

test('a misspelt scheme, step, cost or region is answered with the nearest known one', () => {
	const text = 'description: d\nscheme: spf-v2\ncosts: {rcuGpNS: 5us}\nprocesses:\n  - {name: p, mappings: [{name: heap, size: 4KiB}], program: [tuch: {region: heap}, munmap: haep]}\n';
	const hints = whats(text).map(what => /did you mean "([\w-]+)"/.exec(what)?.[1]);
	assert.deepEqual(hints, ['spf-v12', 'rcuGpNs', 'touch', 'heap']);
});

test('a misspelt built-in scenario name is answered with the built-in it is nearest', () => {
	assert.throws(() => resolveScenarioArg('pft2'), {message: /^pft2: no such file, and not a built-in scenario, did you mean "pft"\? \(built-in: app-launch, /});
	assert.throws(() => resolveScenarioArg('no-such-scenario-at-all'), {message: /^no-such-scenario-at-all: no such file, and not a built-in scenario \(built-in: /});
});
