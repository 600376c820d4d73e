import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {notATerminalMessage} from '../../source/commands/dashboard-terminal.ts';
import {runDashboard} from '../../source/commands/dashboard.tsx';
import {prepareRun} from '../../source/run/prepare-run.ts';

test('without a terminal the dashboard says so in one line pointing to --headless', () => {
	assert.equal(notATerminalMessage({isTTY: true}, {isTTY: true}), null);
	assert.equal(notATerminalMessage({isTTY: true}, {isTTY: false}), 'spf-top: the live dashboard needs a terminal (stdout is not a terminal); run with --headless for a summary');
	assert.match(notATerminalMessage({}, {isTTY: true})!, /\(stdin is not a terminal\)/);
	assert.match(notATerminalMessage({}, {})!, /\(stdin and stdout are not a terminal\)/);
});

test('runDashboard refuses to start without a terminal: exit code 2, nothing on stdout', async () => {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += chunk));
	stderr.on('data', chunk => (err += chunk));
	const io = {stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream, stdin: new PassThrough() as unknown as NodeJS.ReadStream};
	assert.equal(await runDashboard(prepareRun({}), io), 2);
	assert.equal(out, '');
	assert.match(err, /^spf-top: the live dashboard needs a terminal .*--headless/);
	assert.equal(err.split('\n').length, 2);
});
