import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {Line} from '../../source/ui/components/Line.tsx';
import {plainStyledChars} from '../../source/ui/ink-line-cache.ts';
import {installLineCache} from '../../source/ui/index.ts';
// Ink's own tokenizer, which the shortcut must match exactly.
import {styledCharsFromTokens, tokenize} from '../../node_modules/@alcalzone/ansi-tokenize/build/index.js';
import {plain} from './fixtures.ts';

test('the lasting line cache installs on this Ink, and frames stay exact across changes', () => {
	// Fails when an Ink upgrade moves the internals it wraps: the dashboard still works, only slower.
	assert.equal(installLineCache(), true);
	assert.equal(installLineCache(), true);
	const lines = (texts: string[]) => (
		<Box flexDirection="column">
			{texts.map((text, i) => (
				<Line key={i} text={text} width={12} />
			))}
		</Box>
	);
	const {lastFrame, rerender, unmount} = render(lines(['alpha', 'beta']));
	assert.equal(plain(lastFrame()!), 'alpha\nbeta');
	rerender(lines(['beta', 'gamma']));
	assert.equal(plain(lastFrame()!), 'beta\ngamma');
	rerender(lines(['alpha', 'alpha']));
	assert.equal(plain(lastFrame()!), 'alpha\nalpha');
	unmount();
});

test('a plain line gets exactly the styled characters Ink would make; others are left to Ink', () => {
	for (const line of ['', '  9.031015 cpu47  fault-end     do_user_addr_fault 7effff0 classic anon ok 4.4µs', '·░▒▓█ 0 → 1.2ms', '▶ #12 freed/rcu …', '┌──┬──┐ │ ‖ × ▁▂▃▄▅▆▇█']) {
		assert.deepEqual(plainStyledChars(line), styledCharsFromTokens(tokenize(line)), line);
	}

	for (const line of ['\u001B[33mcoloured\u001B[39m', 'wide 漢字', 'emoji 😀', 'combining é', 'tab\there']) assert.equal(plainStyledChars(line), null, line);
});
