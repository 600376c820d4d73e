/**
 * Text from a file (a scenario's name or description, a trailer's reason) made safe for a
 * terminal: C0 and C1 control characters and DEL are dropped, so `name: "\e[2J"` cannot
 * clear the screen or move the cursor. Tabs and newlines go too: each is printed on one line.
 */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001F\u007F-\u009F]/g;

export function printable(text: string): string {
	return text.replace(controls, '');
}
