import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startProgressLine} from '../../source/commands/progress-line.ts';

function fakeStream(isTTY: boolean, columns = 40): {stream: NodeJS.WriteStream; written: string[]} {
	const written: string[] = [];
	return {stream: {isTTY, columns, write: (text: string) => written.push(text)} as unknown as NodeJS.WriteStream, written};
}

test('the progress line redraws in place on a terminal, within its width, and clears itself', context => {
	context.mock.timers.enable({apis: ['setInterval']});
	const {stream, written} = fakeStream(true, 40);
	let n = 0;
	const line = startProgressLine(stream, () => `recording ${++n} ${'x'.repeat(100)}`, 200);
	context.mock.timers.tick(650);
	line.stop();
	assert.equal(written.length, 4, 'three redraws, then the clear');
	for (const [i, text] of written.slice(0, -1).entries()) assert.equal(text, `\r\u001B[Krecording ${i + 1} ${'x'.repeat(39 - 'recording 1 '.length)}`);
	assert.equal(written.at(-1), '\r\u001B[K');
	context.mock.timers.tick(1000);
	assert.equal(written.length, 4, 'nothing after stop');
});

test('the progress line stays silent when stderr is not a terminal', context => {
	context.mock.timers.enable({apis: ['setInterval']});
	const {stream, written} = fakeStream(false);
	const line = startProgressLine(stream, () => 'x', 200);
	context.mock.timers.tick(1000);
	line.stop();
	assert.deepEqual(written, []);
});
